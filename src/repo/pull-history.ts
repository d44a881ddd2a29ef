import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { branchName, type FetchTarget, fetchTarget } from "./fetch-target.ts";
import { GitMirrorFault } from "./git-mirror-fault.ts";
import { isHistoryRefusal, type mirrorRepository, PULL_REFS } from "./mirror-repository.ts";

type MirrorRepository = ReturnType<typeof mirrorRepository>;

export interface PullHead {
  sha: string;
  /** The pull request's number: a fork's head is also `refs/pull/<n>/head` in the base repository. */
  number: number;
  /** The branch it merges into. */
  base: string;
}

const pullRef = (sha: string) => `${PULL_REFS}${sha}`;
/** More cut points than this (many merges of the base branch) and the merge base is left to GitHub. */
const MAX_CUTS = 16;

/**
 * Fetches a pull request's head with the commits only it has: `--shallow-exclude` of the base branch
 * stops the history where the base branch's begins, so the merge base is named by the first commits'
 * parents without fetching either branch's past. A head asked for by SHA that the server will not give
 * (a fork's commit on a server that serves only advertised refs) is fetched as `refs/pull/<n>/head`.
 * When git cannot exclude (a head already on the base branch, a server without the feature) the head is
 * fetched one commit deep, and the merge base stays unknown.
 */
export async function fetchPullHead(
  repository: MirrorRepository,
  head: PullHead,
  url: string,
): Promise<void> {
  if (await repository.resolves(pullRef(head.sha))) return;
  const exclude = [`--shallow-exclude=refs/heads/${branchName(head.base)}`];
  const bySha: FetchTarget = {
    sha: head.sha,
    refspec: `+${head.sha}:${pullRef(head.sha)}`,
    localRef: pullRef(head.sha),
    label: `pull request #${head.number} at ${head.sha}`,
  };
  const operation = `fetching ${bySha.label} from ${url}`;
  try {
    await repository.fetch(bySha, operation, exclude);
  } catch (error) {
    if (isHistoryRefusal(error)) {
      await repository.fetch(fetchTarget(head.sha), operation);
      return;
    }
    if (!(error instanceof GitMirrorFault) || error.kind !== "not-found") throw error;
    const byRef = { ...bySha, refspec: `+refs/pull/${head.number}/head:${pullRef(head.sha)}` };
    const fetched = await repository.fetch(byRef, operation, exclude);
    if (fetched !== head.sha) {
      await repository.run(operation, ["update-ref", "-d", pullRef(head.sha)]);
      throw new GitMirrorFault(
        "not-found",
        `${operation}: the pull request's head is now ${fetched}; ${head.sha} is no longer served`,
      );
    }
  }
}

/**
 * The merge base of a head fetched by `fetchPullHead` with its base branch, when the mirror alone can
 * tell: the one parent, outside the pull request's own commits, of the commits where its history was
 * cut. Several such parents (the base branch merged into the pull request) or none leave it to the
 * caller (null), as does a head fetched without its history.
 */
export async function mergeBaseOf(
  repository: MirrorRepository,
  gitDir: string,
  sha: string,
): Promise<string | null> {
  if (!(await repository.resolves(pullRef(sha)))) return null;
  const operation = `finding where pull request head ${sha} leaves its base branch`;
  const own = (await repository.read(operation, ["rev-list", sha])).split("\n").filter(Boolean);
  const shallow = new Set(
    (await readFile(join(gitDir, "shallow"), "utf8").catch(() => "")).split("\n").filter(Boolean),
  );
  const cut = own.filter((c) => shallow.has(c));
  if (cut.length === 0 || cut.length > MAX_CUTS) return null;
  const ownSet = new Set(own);
  const parents = new Set<string>();
  for (const commit of cut) {
    // The commit object as stored: the shallow file hides a cut commit's parents from every other command.
    const raw = await repository.read(operation, ["cat-file", "commit", commit]);
    const header = raw.split("\n\n", 1)[0] ?? "";
    for (const line of header.split("\n")) {
      const parent = /^parent ([0-9a-f]{40,64})$/.exec(line)?.[1];
      if (parent && !ownSet.has(parent)) parents.add(parent);
    }
  }
  return parents.size === 1 ? ([...parents][0] as string) : null;
}
