import { lookupPath } from "./git-objects.ts";
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

/** A file's bytes at a ref (branch, SHA or `refs/heads/…`); undefined when the ref or the file is missing. */
export function readFileAt(repo: RepoState, ref: string, path: string): Buffer | undefined {
  const commit = resolveCommit(repo, ref);
  const tree = commit === undefined ? undefined : commitTree(repo, commit);
  const entry = tree === undefined ? undefined : lookupPath(repo.objects, tree, path);
  const blob = entry?.type === "blob" ? repo.objects.get(entry.sha) : undefined;
  return blob?.type === "blob" ? blob.content : undefined;
}
