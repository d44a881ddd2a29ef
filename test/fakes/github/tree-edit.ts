import { type ObjectStore, type TreeEntry, writeTreeObject } from "./git-objects.ts";

/** One entry of `POST git/trees`, already checked: set `path` to an object, or delete it (`sha: null`). */
export type TreeEdit =
  | { readonly path: string; readonly entry: Omit<TreeEntry, "name"> }
  | { readonly path: string; readonly delete: true };

/** A directory being edited: untouched subtrees stay entries and are expanded only when an edit goes in. */
interface Dir {
  readonly children: Map<string, TreeEntry | Dir>;
}

const isDir = (node: TreeEntry | Dir): node is Dir => "children" in node;

function load(store: ObjectStore, treeSha: string | undefined): Dir {
  const tree = treeSha === undefined ? undefined : store.get(treeSha);
  const children = new Map<string, TreeEntry | Dir>();
  if (tree?.type === "tree") for (const e of tree.entries) children.set(e.name, e);
  return { children };
}

/**
 * Applies edits in order onto `baseTree` (none: an empty tree) and writes the resulting trees, as
 * GitHub's create-a-tree does with `base_tree`: nested paths create directories, a directory left empty
 * by deletes disappears. Returns the new root tree's SHA, or a reason the edits cannot apply.
 */
export function editTree(
  store: ObjectStore,
  baseTree: string | undefined,
  edits: readonly TreeEdit[],
): { sha: string } | { error: string } {
  const root = load(store, baseTree);
  for (const edit of edits) {
    const parts = edit.path.split("/");
    const leaf = parts.pop() ?? "";
    let dir = root;
    for (const part of parts) {
      const node = dir.children.get(part);
      let next: Dir;
      if (node === undefined) {
        if ("delete" in edit) return { error: `${edit.path} does not exist` };
        next = { children: new Map() };
      } else if (isDir(node)) next = node;
      else if (node.type === "tree") next = load(store, node.sha);
      else return { error: `${edit.path}: ${parts.join("/")} is a file, not a directory` };
      dir.children.set(part, next);
      dir = next;
    }
    if ("delete" in edit) {
      if (!dir.children.has(leaf)) return { error: `${edit.path} does not exist` };
      dir.children.delete(leaf);
    } else dir.children.set(leaf, { ...edit.entry, name: leaf });
  }
  return { sha: write(store, root) ?? writeTreeObject(store, []) };
}

/** Writes a directory bottom-up; an empty one is not written (git has no empty directories). */
function write(store: ObjectStore, dir: Dir): string | undefined {
  const entries: TreeEntry[] = [];
  for (const [name, node] of dir.children) {
    if (!isDir(node)) {
      entries.push(node);
      continue;
    }
    const sha = write(store, node);
    if (sha !== undefined) entries.push({ name, mode: "40000", type: "tree", sha });
  }
  return entries.length === 0 ? undefined : writeTreeObject(store, entries);
}
