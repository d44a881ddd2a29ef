import { type ObjectStore, readTree } from "./git-objects.ts";

/** Every file of a commit's tree by path (empty for no commit, e.g. a branch's first push). */
export function filesAt(store: ObjectStore, commitSha: string | undefined): Map<string, Buffer> {
  const commit = commitSha === undefined ? undefined : store.get(commitSha);
  return commit?.type === "commit" ? readTree(store, commit.tree) : new Map();
}

export interface PathChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly modified: string[];
}

/** Paths added, removed and modified between two trees, each sorted. */
export function changedPaths(
  before: ReadonlyMap<string, Buffer>,
  after: ReadonlyMap<string, Buffer>,
): PathChanges {
  const changes: PathChanges = { added: [], removed: [], modified: [] };
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const was = before.get(path);
    const is = after.get(path);
    if (!was && is) changes.added.push(path);
    else if (was && !is) changes.removed.push(path);
    else if (was && is && !was.equals(is)) changes.modified.push(path);
  }
  return changes;
}

const same = (a: Buffer | undefined, b: Buffer | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.equals(b);

/**
 * A three-way merge by whole files: `theirs`' changes since `base` applied onto `ours`. A path both
 * sides changed differently is a conflict (GitHub merges lines; whole files are enough for a fake).
 */
export function mergeFiles(
  base: ReadonlyMap<string, Buffer>,
  ours: ReadonlyMap<string, Buffer>,
  theirs: ReadonlyMap<string, Buffer>,
): { files: Map<string, Buffer>; conflicts: string[] } {
  const files = new Map(ours);
  const conflicts: string[] = [];
  for (const path of [...new Set([...base.keys(), ...theirs.keys()])].sort()) {
    const was = base.get(path);
    const their = theirs.get(path);
    if (same(was, their)) continue;
    const our = ours.get(path);
    if (!same(was, our) && !same(our, their)) {
      conflicts.push(path);
      continue;
    }
    if (their === undefined) files.delete(path);
    else files.set(path, their);
  }
  return { files, conflicts };
}
