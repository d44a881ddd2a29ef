import type { RepoState } from "./state.ts";

/** A branch name, `refs/heads/<branch>`, a full commit SHA or an unambiguous prefix of at least 7. */
export function resolveCommit(repo: RepoState, ref: string): string | undefined {
  const branch = ref.replace(/^refs\/heads\//, "");
  const tip = repo.refs.get(branch);
  if (tip) return tip;
  if (!/^[0-9a-f]{7,40}$/i.test(ref)) return undefined;
  const lower = ref.toLowerCase();
  const hits = [...repo.objects.values()].filter((o) => o.type === "commit" && o.sha.startsWith(lower));
  return hits.length === 1 ? hits[0]?.sha : undefined;
}

/** The root tree of a commit. */
export function commitTree(repo: RepoState, commitSha: string): string | undefined {
  const commit = repo.objects.get(commitSha);
  return commit?.type === "commit" ? commit.tree : undefined;
}
