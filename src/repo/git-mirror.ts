import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LIMITS, type Limits } from "../manifests/limits.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import { fetchTarget, isCommitSha } from "./fetch-target.ts";
import { gitCommand } from "./git-command.ts";
import { GitMirrorFault, toGitMirrorFault } from "./git-mirror-fault.ts";
import { parseMirrorRemote } from "./mirror-remote.ts";
import { type MirrorLog, mirrorRepository } from "./mirror-repository.ts";
import { listPaths, type RevisionGit, readPaths, revisionTarget } from "./mirror-revisions.ts";
import { readGitTree } from "./read-git-tree.ts";
import { runExclusive } from "./run-exclusive.ts";

export type { MirrorLog } from "./mirror-repository.ts";

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
  /** Fetches a tag, a branch or a full commit SHA, shallow; resolves to the commit SHA. */
  fetchRevision(rev: string): Promise<string>;
  /** Every file path of a fetched commit. */
  listPaths(sha: string): Promise<string[]>;
  /** The files among `paths` in a fetched commit, each at most `maxBytes` (a larger one is a fault). */
  readPaths(sha: string, paths: readonly string[], maxBytes: number): Promise<Map<string, Uint8Array>>;
  /** Waits for running calls; later calls are refused. The mirror stays on disk for the next start. */
  close(): Promise<void>;
}

const quiet: MirrorLog = { info: () => {}, warn: () => {} };

export function defaultMirrorRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.SLIPWAY_STATE_DIR
    ? join(env.SLIPWAY_STATE_DIR, "git-mirrors")
    : join(tmpdir(), "slipway-git-mirrors");
}

/**
 * A local, shallow mirror of the platform repository kept with git (issue #10): the reconcile loop
 * reads commits from it instead of the GitHub API. Calls on one repository run one at a time; a mirror
 * left damaged (a fetch killed midway, a stale lock) is cloned again, with a log line.
 */
export async function openGitMirror(options: GitMirrorOptions): Promise<GitMirror> {
  const remote = parseMirrorRemote(options.url);
  const root = resolve(options.dir ?? defaultMirrorRoot());
  await mkdir(root, { recursive: true });
  const timeoutMs = options.commandTimeoutMs ?? 120_000;
  const settings = {
    gitDir: join(root, remote.key),
    cwd: root,
    remote,
    binary: options.gitBinary ?? "git",
    timeoutMs,
  };
  const log = options.log ?? quiet;
  const limits = options.limits ?? LIMITS;
  const repository = mirrorRepository(settings, log, options.credentials);
  let closed = false;

  const exclusive = <T>(task: () => Promise<T>): Promise<T> =>
    closed
      ? Promise.reject(new GitMirrorFault("invalid", "the platform repository's mirror is closed"))
      : runExclusive(settings.gitDir, task);

  /** A full SHA of a commit the mirror holds. */
  const fetched = async (sha: string): Promise<string> => {
    const commit = sha.trim().toLowerCase();
    if (!isCommitSha(commit))
      throw new GitMirrorFault(
        "invalid",
        `a full commit SHA is needed, not ${JSON.stringify(sha.slice(0, 80))}`,
      );
    await repository.ensure();
    if (!(await repository.hasCommit(commit)))
      throw new GitMirrorFault("not-found", `commit ${commit} is not in the mirror; fetch it first`);
    return commit;
  };

  const revisionGit = (operation: string): RevisionGit => ({
    lsRemote: async (refs) =>
      repository.run(operation, ["ls-remote", "origin", ...refs], await repository.token(operation)),
    batchCheck: (input) =>
      gitCommand(settings, null, input)
        .raw(["cat-file", "--batch-check"])
        .catch((error) => {
          throw toGitMirrorFault(operation, error, [], timeoutMs);
        }),
    batch: (input) =>
      gitCommand(settings, null, input)
        .binaryCatFile(["--batch"])
        .catch((error) => {
          throw toGitMirrorFault(operation, error, [], timeoutMs);
        }),
    listTree: (at) => repository.run(operation, ["ls-tree", "-r", "-l", "-z", "--full-tree", at]),
  });

  return {
    gitDir: settings.gitDir,

    fetch: (refOrSha) =>
      exclusive(async () => {
        const target = fetchTarget(refOrSha);
        await repository.ensure();
        if (target.sha && (await repository.hasCommit(target.sha))) return target.sha;
        const started = performance.now();
        const sha = await repository.fetch(target, `fetching ${target.label} from ${remote.url}`);
        const ms = Math.round(performance.now() - started);
        log.info({ mirror: settings.gitDir, ref: target.label, sha, ms }, "fetched");
        return sha;
      }),

    headOf: (branch) =>
      exclusive(async () => {
        const target = fetchTarget(branch);
        if (target.sha)
          throw new GitMirrorFault("invalid", `headOf needs a branch name, not ${target.label}`);
        const name = target.localRef.replace(/^refs\/remotes\/origin\//, "refs/heads/");
        const operation = `asking ${remote.url} for the head of ${target.label}`;
        await repository.ensure();
        const listed = await repository.run(
          operation,
          ["ls-remote", "origin", name],
          await repository.token(operation),
        );
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
        await repository.ensure();
        if (!(await repository.hasCommit(commit)))
          throw new GitMirrorFault("not-found", `commit ${commit} is not in the mirror; fetch it first`);
        const operation = `reading the files of commit ${commit}`;
        const reader = {
          listTree: (at: string) =>
            repository.run(operation, ["ls-tree", "-r", "-l", "-z", "--full-tree", at]),
          readBlobs: (oids: readonly string[]) =>
            gitCommand(settings, null, `${oids.join("\n")}\n`).binaryCatFile(["--batch"]),
        };
        try {
          return await readGitTree(reader, commit, limits);
        } catch (error) {
          throw toGitMirrorFault(operation, error, [], timeoutMs);
        }
      }),

    fetchRevision: (rev) =>
      exclusive(async () => {
        await repository.ensure();
        const target = await revisionTarget(
          revisionGit(`resolving ${JSON.stringify(rev.slice(0, 80))}`),
          rev,
          remote.url,
        );
        if (target.sha && (await repository.hasCommit(target.sha))) return target.sha;
        return repository.fetch(target, `fetching ${target.label} from ${remote.url}`);
      }),

    listPaths: (sha) =>
      exclusive(async () =>
        listPaths(revisionGit(`listing the files of commit ${sha.slice(0, 12)}`), await fetched(sha)),
      ),

    readPaths: (sha, paths, maxBytes) =>
      exclusive(async () =>
        readPaths(
          revisionGit(`reading files of commit ${sha.slice(0, 12)}`),
          await fetched(sha),
          paths,
          maxBytes,
        ),
      ),

    close: async () => {
      closed = true;
      await runExclusive(settings.gitDir, async () => {});
    },
  };
}
