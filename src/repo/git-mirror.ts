import { mkdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { maskCredentials } from "../github/mask-credentials.ts";
import { LIMITS, type Limits } from "../manifests/limits.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import { fetchTarget, isCommitSha } from "./fetch-target.ts";
import { type GitCommandSettings, gitCommand, secretForms } from "./git-command.ts";
import { GitMirrorFault, toGitMirrorFault } from "./git-mirror-fault.ts";
import { mirrorDamage } from "./mirror-health.ts";
import { parseMirrorRemote } from "./mirror-remote.ts";
import { readGitTree } from "./read-git-tree.ts";
import { runExclusive } from "./run-exclusive.ts";

export interface MirrorLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface GitMirrorOptions {
  /** `https://host/owner/repo.git` (server mode), or a local path or `file://` URL (embedded mode). */
  url: string;
  /** Holds one mirror per repository; default `$SLIPWAY_STATE_DIR/git-mirrors`, else the OS temp dir. */
  dir?: string;
  /** A fresh installation token, asked for on every call that reaches the remote (tokens last an hour). */
  credentials?: () => Promise<string>;
  log?: MirrorLog;
  /** Longest any one git command may run; default 120 s. */
  commandTimeoutMs?: number;
  /** The git executable; default `git` on PATH. */
  gitBinary?: string;
  limits?: Limits;
}

export interface GitMirror {
  /** The mirror's bare repository on disk. */
  readonly gitDir: string;
  /** Fetches a branch or a full commit SHA, shallow (one commit, no tags); resolves to the commit SHA. */
  fetch(refOrSha: string): Promise<string>;
  /** The remote's current commit of `branch` (asked with ls-remote, nothing fetched), or null if absent. */
  headOf(branch: string): Promise<string | null>;
  /** A fetched commit's files, read from the object store; the same limits as the GitHub tree reader. */
  readTree(sha: string): Promise<SourceTree>;
  /** Waits for running calls; later calls are refused. The mirror stays on disk for the next start. */
  close(): Promise<void>;
}

const quiet: MirrorLog = { info: () => {}, warn: () => {} };
const KEPT_COMMIT_REFS = 32;

export function defaultMirrorRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.SLIPWAY_STATE_DIR
    ? join(env.SLIPWAY_STATE_DIR, "git-mirrors")
    : join(tmpdir(), "slipway-git-mirrors");
}

/**
 * A local, shallow mirror of the platform repository kept with git (issue #10): the reconcile loop
 * reads commits from it instead of the GitHub API. Calls on one mirror run one at a time; a mirror
 * left damaged (a fetch killed midway, a stale lock) is cloned again, with a log line.
 */
export async function openGitMirror(options: GitMirrorOptions): Promise<GitMirror> {
  const remote = parseMirrorRemote(options.url);
  const root = resolve(options.dir ?? defaultMirrorRoot());
  await mkdir(root, { recursive: true });
  const timeoutMs = options.commandTimeoutMs ?? 120_000;
  const settings: GitCommandSettings = {
    gitDir: join(root, remote.key),
    cwd: root,
    remote,
    binary: options.gitBinary ?? "git",
    timeoutMs,
  };
  const log = options.log ?? quiet;
  const limits = options.limits ?? LIMITS;
  const fields = { mirror: settings.gitDir, remote: remote.url };
  let closed = false;

  const run = async (operation: string, args: string[], token: string | null = null) => {
    try {
      return await gitCommand(settings, token).raw(args);
    } catch (error) {
      throw toGitMirrorFault(operation, error, secretForms(token), timeoutMs);
    }
  };
  const exclusive = <T>(task: () => Promise<T>): Promise<T> =>
    closed
      ? Promise.reject(new GitMirrorFault("invalid", "the platform repository's mirror is closed"))
      : runExclusive(settings.gitDir, task);

  const token = async (operation: string): Promise<string | null> => {
    if (remote.mode === "embedded" || !options.credentials) return null;
    try {
      const value = await options.credentials();
      if (value.length > 0) return value;
    } catch (error) {
      const message = maskCredentials(error instanceof Error ? error.message : String(error)).slice(0, 300);
      throw new GitMirrorFault("auth", `${operation}: no installation token could be obtained (${message})`);
    }
    throw new GitMirrorFault("auth", `${operation}: the credentials callback returned an empty token`);
  };

  const create = async (reason: string | null) => {
    if (reason) log.warn({ ...fields, reason }, "the repository mirror is damaged; cloning it again");
    else log.info(fields, "creating the repository mirror");
    await rm(settings.gitDir, { recursive: true, force: true });
    await run("creating the repository mirror", ["init", "--bare", "--quiet"]);
    await run("creating the repository mirror", ["config", "remote.origin.url", remote.url]);
  };
  const ensureMirror = async () => {
    const present = await stat(settings.gitDir).then(
      () => true,
      () => false,
    );
    if (!present) return create(null);
    const damage = await mirrorDamage(settings.gitDir, remote.url);
    if (damage) await create(damage);
  };
  const hasCommit = async (sha: string) =>
    run("looking up a commit", ["cat-file", "-e", `${sha}^{commit}`]).then(
      () => true,
      () => false,
    );

  const fetchOnce = async (ref: ReturnType<typeof fetchTarget>, operation: string) => {
    const credential = await token(operation);
    const args = [
      "fetch",
      "--depth=1",
      "--no-tags",
      "--no-write-fetch-head",
      "--quiet",
      "origin",
      ref.refspec,
    ];
    await run(operation, args, credential);
    return (await run(operation, ["rev-parse", "--verify", `${ref.localRef}^{commit}`])).trim();
  };

  const pruneCommitRefs = async () => {
    const listed = await run("pruning fetched commits", [
      "for-each-ref",
      "--sort=-committerdate",
      "--format=%(refname)",
      "refs/slipway/commits/",
    ]);
    for (const ref of listed.split("\n").filter(Boolean).slice(KEPT_COMMIT_REFS))
      await run("pruning fetched commits", ["update-ref", "-d", ref]);
  };

  return {
    gitDir: settings.gitDir,

    fetch: (refOrSha) =>
      exclusive(async () => {
        const ref = fetchTarget(refOrSha);
        const operation = `fetching ${ref.label} from ${remote.url}`;
        await ensureMirror();
        if (ref.sha && (await hasCommit(ref.sha))) return ref.sha;
        const started = performance.now();
        let sha: string;
        try {
          sha = await fetchOnce(ref, operation);
        } catch (error) {
          if (!(error instanceof GitMirrorFault) || error.kind !== "corrupt") throw error;
          await create(error.message);
          sha = await fetchOnce(ref, operation);
        }
        if (ref.sha) await pruneCommitRefs();
        log.info({ ...fields, ref: ref.label, sha, ms: Math.round(performance.now() - started) }, "fetched");
        return sha;
      }),

    headOf: (branch) =>
      exclusive(async () => {
        const ref = fetchTarget(branch);
        if (ref.sha) throw new GitMirrorFault("invalid", `headOf needs a branch name, not ${ref.label}`);
        const name = ref.localRef.replace(/^refs\/remotes\/origin\//, "refs/heads/");
        const operation = `asking ${remote.url} for the head of ${ref.label}`;
        await ensureMirror();
        const listed = await run(operation, ["ls-remote", "origin", name], await token(operation));
        const line = listed.split("\n").find((l) => l.endsWith(`\t${name}`));
        return line ? (line.split("\t")[0] ?? null) : null;
      }),

    readTree: (sha) =>
      exclusive(async () => {
        const commit = sha.trim().toLowerCase();
        if (!isCommitSha(commit))
          throw new GitMirrorFault(
            "invalid",
            `readTree needs a full commit SHA, not ${JSON.stringify(sha.slice(0, 80))}`,
          );
        await ensureMirror();
        if (!(await hasCommit(commit)))
          throw new GitMirrorFault("not-found", `commit ${commit} is not in the mirror; fetch it first`);
        const operation = `reading the files of commit ${commit}`;
        try {
          return await readGitTree(
            {
              listTree: (at) => run(operation, ["ls-tree", "-r", "-l", "-z", "--full-tree", at]),
              readBlobs: async (oids) =>
                gitCommand(settings, null, `${oids.join("\n")}\n`).binaryCatFile(["--batch"]),
            },
            commit,
            limits,
          );
        } catch (error) {
          throw toGitMirrorFault(operation, error, [], timeoutMs);
        }
      }),

    close: async () => {
      closed = true;
      await runExclusive(settings.gitDir, async () => {});
    },
  };
}
