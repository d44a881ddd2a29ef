import { rm, stat } from "node:fs/promises";
import { maskCredentials } from "../github/mask-credentials.ts";
import type { FetchTarget } from "./fetch-target.ts";
import { type GitCommandOptions, type GitCommandSettings, gitCommand, secretForms } from "./git-command.ts";
import { GitMirrorFault, toGitMirrorFault } from "./git-mirror-fault.ts";
import { mirrorDamage } from "./mirror-health.ts";

export interface MirrorLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Fetched-by-SHA commits keep a ref each (so gc keeps them); older ones beyond this are let go. */
const KEPT_COMMIT_REFS = 32;
/** Where those refs live: commits fetched by SHA, and pull request heads fetched with their own history. */
export const COMMIT_REFS = "refs/slipway/commits/";
export const PULL_REFS = "refs/slipway/pulls/";

/**
 * Every fetch is shallow and partial: commits and trees, no file contents (`blob:none`, which GitHub
 * serves). Contents are fetched afterwards by object id, only for the files that are read.
 */
const PARTIAL = ["--filter=blob:none", "--no-tags", "--no-write-fetch-head", "--quiet"];
/**
 * git's housekeeping runs every GC_EVERY fetches rather than after each (a review fetches several
 * times): one process less per fetch, and packs still consolidated long before they slow lookups.
 */
const NO_AUTO_MAINTENANCE = ["-c", "maintenance.auto=false"];
const GC_EVERY = 16;

/** git's words when a fetch with --shallow-exclude selects nothing or the server cannot exclude. */
const NO_HISTORY = /no commits selected for shallow requests|does not support --shallow-exclude/i;
const HISTORY_REFUSED = "git could not fetch the pull request's own commits apart from its base branch";

/** A fetch with `--shallow-exclude` that git refused (the caller fetches one commit deep instead). */
export function isHistoryRefusal(error: unknown): boolean {
  return error instanceof GitMirrorFault && error.message.endsWith(HISTORY_REFUSED);
}

/**
 * The git commands behind a mirror, each turned into a GitMirrorFault on failure. Callers hold the
 * mirror's exclusion while they use these.
 */
export function mirrorRepository(
  settings: GitCommandSettings,
  log: MirrorLog,
  credentials: (() => Promise<string>) | undefined,
) {
  const { gitDir, remote } = settings;
  const fields = { mirror: gitDir, remote: remote.url };

  const run = async (
    operation: string,
    args: string[],
    token: string | null = null,
    options: GitCommandOptions = {},
  ): Promise<string> => {
    try {
      return await gitCommand(settings, token, options).raw(args);
    } catch (error) {
      // Told apart before classification, which would read "shallow" as a damaged mirror.
      if (error instanceof Error && NO_HISTORY.test(error.message))
        throw new GitMirrorFault("git", `${operation}: ${HISTORY_REFUSED}`);
      throw toGitMirrorFault(operation, error, secretForms(token), settings.timeoutMs);
    }
  };

  /** A command that reads the object store only: it never reaches the remote. */
  const read = (operation: string, args: string[], input?: string): Promise<string> =>
    run(operation, args, null, { offline: true, ...(input === undefined ? {} : { input }) });

  /** A fresh token for each call that reaches the remote; none in embedded mode. */
  const token = async (operation: string): Promise<string | null> => {
    if (remote.mode === "embedded" || !credentials) return null;
    try {
      const value = await credentials();
      if (value.length > 0) return value;
    } catch (error) {
      const message = maskCredentials(error instanceof Error ? error.message : String(error)).slice(0, 300);
      throw new GitMirrorFault("auth", `${operation}: no installation token could be obtained (${message})`);
    }
    throw new GitMirrorFault("auth", `${operation}: the credentials callback returned an empty token`);
  };

  const create = async (damage: string | null): Promise<void> => {
    if (damage) log.warn({ ...fields, reason: damage }, "the repository mirror is damaged; cloning it again");
    else log.info(fields, "creating the repository mirror");
    await rm(gitDir, { recursive: true, force: true });
    await run("creating the repository mirror", ["init", "--bare", "--quiet"]);
    await run("creating the repository mirror", ["config", "remote.origin.url", remote.url]);
  };

  /**
   * Which of these commits are in the mirror, told by output rather than exit status: for an object a
   * partial mirror lacks, `cat-file -e` can fail without a word on stderr, which simple-git reads as
   * success. `--missing=allow-any` keeps git from fetching them meanwhile.
   */
  const presentCommits = async (shas: readonly string[]): Promise<Set<string>> => {
    const args = ["rev-list", "--no-walk", "--ignore-missing", "--missing=allow-any", "--stdin"];
    const listed = await read("looking up commits", args, `${shas.join("\n")}\n`);
    return new Set(listed.split("\n").filter((line) => shas.includes(line)));
  };
  const hasCommit = async (sha: string): Promise<boolean> => (await presentCommits([sha])).has(sha);

  /** Whether the ref exists and names a commit (by output, as for hasCommit). */
  const resolves = async (ref: string): Promise<boolean> => {
    const listed = await read("looking up a ref", ["for-each-ref", "--format=%(objecttype)", ref]);
    return listed.trim() === "commit";
  };

  const pruneCommitRefs = async (): Promise<void> => {
    const operation = "pruning fetched commits";
    const format = ["--sort=-committerdate", "--format=%(refname)", COMMIT_REFS, PULL_REFS];
    const refs = (await read(operation, ["for-each-ref", ...format])).split("\n").filter(Boolean);
    for (const namespace of [COMMIT_REFS, PULL_REFS]) {
      const old = refs.filter((r) => r.startsWith(namespace)).slice(KEPT_COMMIT_REFS);
      for (const ref of old) await run(operation, ["update-ref", "-d", ref]);
    }
  };

  let fetches = 0;
  /** Every GC_EVERY fetches: old commit refs let go, then git's own housekeeping. */
  const housekeeping = async (): Promise<void> => {
    if (++fetches % GC_EVERY !== 0) return;
    await pruneCommitRefs();
    await run("tidying the repository mirror", ["gc", "--auto", "--quiet"]);
  };

  const fetchOnce = async (target: FetchTarget, operation: string, depth: string[]): Promise<string> => {
    const credential = await token(operation);
    const args = [...NO_AUTO_MAINTENANCE, "fetch", ...depth, ...PARTIAL, "origin", target.refspec];
    await run(operation, args, credential);
    await housekeeping();
    // A commit asked for by SHA is what the ref now names; a branch (or pull ref) is looked up.
    if (target.sha && target.refspec.startsWith(`+${target.sha}:`)) return target.sha;
    return (await read(operation, ["rev-parse", "--verify", `${target.localRef}^{commit}`])).trim();
  };

  return {
    run,
    read,
    token,
    hasCommit,
    presentCommits,
    resolves,

    /** Creates the mirror when absent, or again when it is damaged (see mirrorDamage). */
    async ensure(): Promise<void> {
      const present = await stat(gitDir).then(
        () => true,
        () => false,
      );
      if (!present) return create(null);
      const damage = await mirrorDamage(gitDir, remote.url);
      if (damage) await create(damage);
    },

    /**
     * Shallow, partial fetch: one commit deep, or (`depth` given, e.g. `--shallow-exclude=…`) as the
     * caller asks. When git finds the mirror damaged midway, clone again and fetch once more.
     */
    async fetch(target: FetchTarget, operation: string, depth: string[] = ["--depth=1"]): Promise<string> {
      let sha: string;
      try {
        sha = await fetchOnce(target, operation, depth);
      } catch (error) {
        if (!(error instanceof GitMirrorFault) || error.kind !== "corrupt") throw error;
        await create(error.message);
        sha = await fetchOnce(target, operation, depth);
      }
      return sha;
    },

    /**
     * Brings file contents into the partial mirror by object id, as git itself does for a partial
     * clone (wants by id, no negotiation). Ids already present are found offline first: when every one
     * is, nothing reaches the remote and no token is asked for.
     */
    async fetchBlobs(oids: readonly string[], operation: string): Promise<void> {
      if (oids.length === 0) return;
      // `--ignore-missing` prints only the objects present; `allow-any` keeps git from fetching the others.
      const check = [
        "rev-list",
        "--objects",
        "--no-walk",
        "--ignore-missing",
        "--missing=allow-any",
        "--stdin",
      ];
      const listed = await read(operation, check, `${oids.join("\n")}\n`);
      const present = new Set(listed.split("\n").map((line) => line.split(" ")[0]));
      const missing = oids.filter((oid) => !present.has(oid));
      if (missing.length === 0) return;
      const credential = await token(operation);
      const args = [
        ...NO_AUTO_MAINTENANCE,
        "-c",
        "fetch.negotiationAlgorithm=noop",
        "fetch",
        "--recurse-submodules=no",
        ...PARTIAL,
        "--stdin",
        "origin",
      ];
      await run(operation, args, credential, { input: `${missing.join("\n")}\n` });
      await housekeeping();
    },
  };
}
