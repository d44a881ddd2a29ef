import type { GitMirror } from "../../repo/git-mirror.ts";
import { GitMirrorFault, type GitMirrorFaultKind } from "../../repo/git-mirror-fault.ts";
import { DatasetError } from "../dataset-error.ts";
import { DatasetFault, type DatasetFaultKind } from "../s3/dataset-source.ts";
import type { RepoFiles } from "./repo-files.ts";

// A repository's files for DVC through its git mirror (src/repo/): a revision fetched shallow (a tag,
// a branch, a full SHA; none: the commit under review, or the remote's default branch), files read
// from the object store by path. Mirror faults become dataset faults, with the mirror's own words.

const KINDS: Record<GitMirrorFaultKind, DatasetFaultKind> = {
  invalid: "invalid",
  auth: "auth",
  "not-found": "not-found",
  unreachable: "unreachable",
  timeout: "timeout",
  corrupt: "server",
  git: "server",
};

export interface MirrorRepoOptions {
  /** How the repository is named in messages. */
  readonly label: string;
  /** The commit a missing `rev` means (the reviewed head); null: the remote's default branch. */
  readonly defaultCommit: string | null;
  /** A checked-out copy's directory, where a local DVC remote is resolved (the CLI only). */
  readonly localDir?: string;
}

async function guarded<T>(label: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GitMirrorFault) throw new DatasetFault(KINDS[error.kind], label, error.message);
    throw error;
  }
}

export function mirrorRepoFiles(mirror: GitMirror, options: MirrorRepoOptions): RepoFiles {
  const { label } = options;
  return {
    label,
    ...(options.localDir !== undefined ? { localDir: options.localDir } : {}),
    resolve: (rev) =>
      guarded(label, () =>
        rev === null && options.defaultCommit !== null
          ? mirror.fetch(options.defaultCommit)
          : mirror.fetchRevision(rev ?? "HEAD"),
      ),
    list: (commit, max) =>
      guarded(label, async () => {
        if (commit === null) throw new GitMirrorFault("invalid", "no commit to list");
        const paths = await mirror.listPaths(commit);
        if (paths.length > max)
          throw new DatasetError(
            label,
            `the commit holds ${paths.length} files; DVC files are searched among at most ${max}`,
          );
        return paths;
      }),
    read: (commit, paths, maxBytes) =>
      guarded(label, async () => {
        if (commit === null) throw new GitMirrorFault("invalid", "no commit to read");
        return mirror.readPaths(commit, paths, maxBytes);
      }),
  };
}
