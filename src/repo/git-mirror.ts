import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LIMITS, type Limits } from "../manifests/limits.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import { fetchTarget, isCommitSha } from "./fetch-target.ts";
import { gitCommand } from "./git-command.ts";
import { GitMirrorFault, toGitMirrorFault } from "./git-mirror-fault.ts";
import { parseCatFileBatch, parseLsTree } from "./git-object-output.ts";
import { mirrorObjectReader } from "./mirror-object-reader.ts";
import { parseMirrorRemote } from "./mirror-remote.ts";
import { type MirrorLog, mirrorRepository } from "./mirror-repository.ts";
import { listPaths, type RevisionGit, readPaths, revisionTarget } from "./mirror-revisions.ts";
import { fetchPullHead, mergeBaseOf, type PullHead } from "./pull-history.ts";
import { readGitTree } from "./read-git-tree.ts";
import { runExclusive } from "./run-exclusive.ts";

export type { MirrorLog } from "./mirror-repository.ts";
export type { PullHead } from "./pull-history.ts";

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
  /** Ends every git command of the mirror at once (shutdown past its grace period). */
  stop?: AbortSignal;
}

export interface GitMirror {
  /** The mirror's bare repository on disk. */
  readonly gitDir: string;
  /**
   * Fetches a branch or a full commit SHA, shallow (one commit, no tags) and partial (commits and trees;
   * file contents only when read); resolves to the commit SHA.
   */
  fetch(refOrSha: string): Promise<string>;
  /** A pull request's head, with the commits only it has (see pull-history.ts); a no-op when present. */
  fetchPull(head: PullHead): Promise<void>;
  /** The merge base of a head fetched with `fetchPull`, when the mirror alone can tell; else null. */
  mergeBase(sha: string): Promise<string | null>;
  /** Paths that differ between two commits (fetched first if absent); a rename is both of its paths. */
  changedPaths(from: string, to: string): Promise<string[]>;
  /** The remote's current commit of `branch` (asked with ls-remote, nothing fetched), or null if absent. */
  headOf(branch: string): Promise<string | null>;
  /**
   * A fetched commit's platform files: `.slipway.yml` and the manifest folders it declares, with the
   * count, per-file and total limits applied before any file is read (read-git-tree.ts).
   */
  readTree(sha: string): Promise<SourceTree>;
  /** One file of a fetched commit, or null when absent, not a file, or over the per-file limit. */
  readFile(sha: string, path: string): Promise<Uint8Array | null>;
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
    ...(options.stop ? { stop: options.stop } : {}),
  };
  const log = options.log ?? quiet;
  const limits = options.limits ?? LIMITS;
  const repository = mirrorRepository(settings, log, options.credentials);
  let closed = false;

  const exclusive = <T>(task: () => Promise<T>): Promise<T> =>
    closed
      ? Promise.reject(new GitMirrorFault("invalid", "the platform repository's mirror is closed"))
      : runExclusive(settings.gitDir, task);

  /** A full commit SHA, or an `invalid` fault naming the call. */
  const commitSha = (sha: string, call: string): string => {
    const commit = sha.trim().toLowerCase();
    if (!isCommitSha(commit))
      throw new GitMirrorFault(
        "invalid",
        `${call} needs a full commit SHA, not ${JSON.stringify(sha.slice(0, 80))}`,
      );
    return commit;
  };
  /** The commit, which must already be in the mirror. */
  const present = async (sha: string, call: string): Promise<string> => {
    const commit = commitSha(sha, call);
    await repository.ensure();
    if (!(await repository.hasCommit(commit)))
      throw new GitMirrorFault("not-found", `commit ${commit} is not in the mirror; fetch it first`);
    return commit;
  };
  const fetchMissing = async (shas: readonly string[]): Promise<void> => {
    const present = await repository.presentCommits(shas);
    for (const sha of shas.filter((s) => !present.has(s))) {
      const target = fetchTarget(sha);
      await repository.fetch(target, `fetching ${target.label} from ${remote.url}`);
    }
  };

  /**
   * The blobs `sha:path` lines name, brought into the partial mirror first (one request for those it
   * lacks): `cat-file` then reads them offline rather than fetching each one on its own.
   */
  const withBlobs = async (input: string, operation: string): Promise<void> => {
    const byCommit = new Map<string, string[]>();
    for (const line of input.split("\n")) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const paths = byCommit.get(line.slice(0, colon)) ?? [];
      paths.push(line.slice(colon + 1));
      byCommit.set(line.slice(0, colon), paths);
    }
    for (const [commit, paths] of byCommit) {
      const listed = parseLsTree(await repository.read(operation, ["ls-tree", "-z", commit, "--", ...paths]));
      const blobs = listed.filter((e) => e.type === "blob").map((e) => e.oid);
      await repository.fetchBlobs([...new Set(blobs)], operation);
    }
  };

  const revisionGit = (operation: string): RevisionGit => ({
    lsRemote: async (refs) =>
      repository.run(operation, ["ls-remote", "origin", ...refs], await repository.token(operation)),
    batchCheck: async (input) => {
      await withBlobs(input, operation);
      return repository.read(operation, ["cat-file", "--batch-check"], input);
    },
    batch: (input) =>
      gitCommand(settings, null, { input, offline: true })
        .binaryCatFile(["--batch"])
        .catch((error) => {
          throw toGitMirrorFault(operation, error, [], timeoutMs);
        }),
    listTree: (at) => repository.read(operation, ["ls-tree", "-r", "-z", "--full-tree", at]),
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

    fetchPull: (head) =>
      exclusive(async () => {
        await repository.ensure();
        await fetchPullHead(repository, { ...head, sha: commitSha(head.sha, "fetchPull") }, remote.url);
      }),

    mergeBase: (sha) =>
      exclusive(async () => {
        await repository.ensure();
        return mergeBaseOf(repository, settings.gitDir, commitSha(sha, "mergeBase"));
      }),

    changedPaths: (from, to) =>
      exclusive(async () => {
        await repository.ensure();
        const ends = [commitSha(from, "changedPaths"), commitSha(to, "changedPaths")];
        await fetchMissing(ends);
        const operation = `comparing commits ${ends[0]} and ${ends[1]}`;
        const args = ["diff-tree", "-r", "-z", "--name-only", "--no-renames", "--no-commit-id", ...ends];
        return (await repository.read(operation, args)).split("\0").filter(Boolean);
      }),

    readTree: (sha) =>
      exclusive(async () => {
        const commit = await present(sha, "readTree");
        try {
          return await readGitTree(mirrorObjectReader(repository, settings, commit), commit, limits);
        } catch (error) {
          throw toGitMirrorFault(`reading the files of commit ${commit}`, error, [], timeoutMs);
        }
      }),

    readFile: (sha, path) =>
      exclusive(async () => {
        const commit = await present(sha, "readFile");
        const reader = mirrorObjectReader(repository, settings, commit);
        const operation = `reading ${path} of commit ${commit}`;
        const listed = await repository.read(operation, ["ls-tree", "-z", commit, "--", path]);
        const entry = parseLsTree(listed).find((e) => e.path === path && e.type === "blob");
        if (!entry || entry.mode === "120000") return null;
        await reader.fetchBlobs([entry.oid]);
        const size = (await reader.blobSizes([entry.oid])).get(entry.oid) ?? 0;
        if (size > limits.maxFileBytes) return null;
        const output = await reader.readBlobs([entry.oid]);
        return parseCatFileBatch(output).get(entry.oid) ?? null;
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
        listPaths(
          revisionGit(`listing the files of commit ${sha.slice(0, 12)}`),
          await present(sha, "listPaths"),
        ),
      ),

    readPaths: (sha, paths, maxBytes) =>
      exclusive(async () =>
        readPaths(
          revisionGit(`reading files of commit ${sha.slice(0, 12)}`),
          await present(sha, "readPaths"),
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
