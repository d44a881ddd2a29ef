import { rm, stat } from "node:fs/promises";
import { maskCredentials } from "../github/mask-credentials.ts";
import type { FetchTarget } from "./fetch-target.ts";
import { type GitCommandSettings, gitCommand, secretForms } from "./git-command.ts";
import { GitMirrorFault, toGitMirrorFault } from "./git-mirror-fault.ts";
import { mirrorDamage } from "./mirror-health.ts";

export interface MirrorLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Fetched-by-SHA commits keep a ref each (so gc keeps them); older ones beyond this are let go. */
const KEPT_COMMIT_REFS = 32;

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

  const run = async (operation: string, args: string[], token: string | null = null): Promise<string> => {
    try {
      return await gitCommand(settings, token).raw(args);
    } catch (error) {
      throw toGitMirrorFault(operation, error, secretForms(token), settings.timeoutMs);
    }
  };

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

  const hasCommit = (sha: string): Promise<boolean> =>
    run("looking up a commit", ["cat-file", "-e", `${sha}^{commit}`]).then(
      () => true,
      () => false,
    );

  const fetchOnce = async (target: FetchTarget, operation: string): Promise<string> => {
    const credential = await token(operation);
    const args = [
      "fetch",
      "--depth=1",
      "--no-tags",
      "--no-write-fetch-head",
      "--quiet",
      "origin",
      target.refspec,
    ];
    await run(operation, args, credential);
    return (await run(operation, ["rev-parse", "--verify", `${target.localRef}^{commit}`])).trim();
  };

  const pruneCommitRefs = async (): Promise<void> => {
    const operation = "pruning fetched commits";
    const format = ["--sort=-committerdate", "--format=%(refname)", "refs/slipway/commits/"];
    const refs = (await run(operation, ["for-each-ref", ...format])).split("\n").filter(Boolean);
    for (const ref of refs.slice(KEPT_COMMIT_REFS)) await run(operation, ["update-ref", "-d", ref]);
  };

  return {
    run,
    token,
    hasCommit,

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

    /** Shallow fetch; when git finds the mirror damaged midway, clone again and fetch once more. */
    async fetch(target: FetchTarget, operation: string): Promise<string> {
      let sha: string;
      try {
        sha = await fetchOnce(target, operation);
      } catch (error) {
        if (!(error instanceof GitMirrorFault) || error.kind !== "corrupt") throw error;
        await create(error.message);
        sha = await fetchOnce(target, operation);
      }
      if (target.sha) await pruneCommitRefs();
      return sha;
    },
  };
}
