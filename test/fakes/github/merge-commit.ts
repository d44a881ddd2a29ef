import { mergeBase } from "./commit-graph.ts";
import { writeCommit, writeTree } from "./git-objects.ts";
import type { FakeState, PullState, RepoState } from "./state.ts";
import { filesAt, mergeFiles } from "./tree-changes.ts";

export interface MergeOptions {
  readonly message: string;
  /** One parent (`ours`) with the merged tree, as a squash merge writes; default: two parents. */
  readonly squash?: boolean;
}

/**
 * Writes a commit that merges `theirs` into `ours` (whole-file three-way merge from their merge base)
 * without moving any ref; returns its SHA, or the conflicting paths.
 */
export function writeMergeCommit(
  state: FakeState,
  repo: RepoState,
  ours: string,
  theirs: string,
  options: MergeOptions,
): { sha: string } | { conflicts: string[] } {
  const base = mergeBase(repo.objects, ours, theirs);
  const merged = mergeFiles(
    filesAt(repo.objects, base),
    filesAt(repo.objects, ours),
    filesAt(repo.objects, theirs),
  );
  if (merged.conflicts.length > 0) return { conflicts: merged.conflicts };
  const tree = writeTree(repo.objects, merged.files);
  const parents = options.squash ? [ours] : [ours, theirs];
  return { sha: writeCommit(repo.objects, tree, parents, options.message, state.now()) };
}

export type MergeMethod = "merge" | "squash";

const stamp = (state: FakeState): string =>
  state
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");

/**
 * Merges an open pull request as GitHub's merge button does: the base branch moves to a new commit
 * whose first parent is the old base tip, and the pull request is closed and marked merged.
 */
export function mergePullRequest(state: FakeState, pull: PullState, method: MergeMethod = "merge"): string {
  const where = `${pull.repo.owner.login}/${pull.repo.name}#${pull.number}`;
  if (pull.state !== "open") throw new Error(`fake GitHub: ${where} is not open`);
  const baseTip = pull.repo.refs.get(pull.baseRef);
  if (!baseTip) throw new Error(`fake GitHub: ${where} has no base branch ${pull.baseRef}`);
  const message =
    method === "squash"
      ? `${pull.title} (#${pull.number})`
      : `Merge pull request #${pull.number} from ${pull.headRepo.owner.login}/${pull.headRef}\n\n${pull.title}`;
  const result = writeMergeCommit(state, pull.repo, baseTip, pull.headSha, {
    message,
    squash: method === "squash",
  });
  // GitHub refuses to merge a conflicting pull request (405 "Pull Request is not mergeable").
  if ("conflicts" in result)
    throw new Error(`fake GitHub: ${where} conflicts with ${pull.baseRef} in ${result.conflicts.join(", ")}`);
  pull.repo.refs.set(pull.baseRef, result.sha);
  const now = stamp(state);
  pull.state = "closed";
  pull.merged = true;
  pull.mergedAt = now;
  pull.mergeCommitSha = result.sha;
  pull.updatedAt = now;
  return result.sha;
}
