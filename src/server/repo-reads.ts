import { REPO_CONFIG_PATH, type SourceTree } from "../manifests/source-tree.ts";
import { isCommitSha } from "../repo/fetch-target.ts";
import type { GitMirror, PullHead } from "../repo/git-mirror.ts";
import { GitMirrorFault } from "../repo/git-mirror-fault.ts";

/** What reviews, plans and deploys read of a repository. */
export interface RepoReads {
  /** A commit's (or a branch tip's) platform files. */
  readTree(ref: string): Promise<SourceTree>;
  /** `.slipway.yml` of a branch, or null when absent. */
  readConfig(branch: string): Promise<Uint8Array | null>;
  /** The files a pull request changes from its merge base, as GitHub lists them (a rename: both paths). */
  changedFiles(pull: PullHead): Promise<string[]>;
}

/** The same reads through GitHub's REST API, and the merge base of a pull request (one request). */
export interface ApiReads extends RepoReads {
  mergeBase(base: string, head: string): Promise<string>;
}

export interface MirroredReadsOptions {
  /** The repository's mirror, or null when git cannot run here. */
  mirror: () => Promise<GitMirror | null>;
  api: ApiReads;
  /** The pull request under review: its head is fetched with its own commits, by SHA (fork heads too). */
  pull?: PullHead;
  log: { warn(fields: object, message: string): void };
}

/**
 * Issue #20: reads go through the repository's git mirror — a few git requests, none counted against
 * the installation's REST budget, whatever the repository's size — and through the REST API only when
 * git is unavailable or the mirror fails (said in the log). A branch's tip is asked for once per reads
 * object, so a review's default-branch tree and configuration come from the same commit.
 */
export function mirroredReads(options: MirroredReadsOptions): RepoReads {
  const { api, pull, log } = options;
  const tips = new Map<string, Promise<string>>();

  const commitOf = async (mirror: GitMirror, ref: string): Promise<string> => {
    const sha = ref.trim().toLowerCase();
    if (isCommitSha(sha)) {
      if (pull && sha === pull.sha) {
        await mirror.fetchPull(pull);
        return sha;
      }
      return mirror.fetch(sha);
    }
    let tip = tips.get(ref);
    if (!tip) {
      tip = mirror.headOf(ref).then((head) => {
        if (head === null) throw new GitMirrorFault("not-found", `branch ${ref} is not on the remote`);
        return mirror.fetch(head);
      });
      tips.set(ref, tip);
    }
    return tip;
  };

  const viaGit = async <T>(
    what: string,
    git: (mirror: GitMirror) => Promise<T>,
    fallback: () => Promise<T>,
  ): Promise<T> => {
    const mirror = await options.mirror();
    if (!mirror) return fallback();
    try {
      return await git(mirror);
    } catch (error) {
      if (!(error instanceof GitMirrorFault)) throw error;
      log.warn({ reason: error.message }, `${what} through git failed; reading it through the GitHub API`);
      return fallback();
    }
  };

  return {
    readTree: (ref) =>
      viaGit(
        `reading ${ref}`,
        async (mirror) => mirror.readTree(await commitOf(mirror, ref)),
        () => api.readTree(ref),
      ),
    readConfig: (branch) =>
      viaGit(
        `reading ${REPO_CONFIG_PATH} of ${branch}`,
        async (mirror) => mirror.readFile(await commitOf(mirror, branch), REPO_CONFIG_PATH),
        () => api.readConfig(branch),
      ),
    changedFiles: (head) =>
      viaGit(
        `listing the files pull request #${head.number} changes`,
        async (mirror) => {
          await mirror.fetchPull(head);
          // The mirror names the merge base when the history it fetched shows it; else GitHub does.
          const base = (await mirror.mergeBase(head.sha)) ?? (await api.mergeBase(head.base, head.sha));
          return mirror.changedPaths(base, head.sha);
        },
        () => api.changedFiles(head),
      ),
  };
}
