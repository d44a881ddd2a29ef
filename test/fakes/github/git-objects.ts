import { createHash } from "node:crypto";

/** A git object as GitHub stores it; SHAs are real git object ids, so a blob-SHA cache is meaningful. */
export type GitObject =
  | { readonly type: "blob"; readonly sha: string; readonly content: Buffer }
  | { readonly type: "tree"; readonly sha: string; readonly entries: readonly TreeEntry[] }
  | {
      readonly type: "commit";
      readonly sha: string;
      readonly tree: string;
      readonly parents: readonly string[];
      readonly message: string;
      readonly date: string;
      /** Set for commits written through the Git Data API; seeded commits use a fixed test identity. */
      readonly author?: Person;
      readonly committer?: Person;
    };

export interface Person {
  readonly name: string;
  readonly email: string;
  /** ISO 8601. */
  readonly date: string;
}

export interface TreeEntry {
  readonly name: string;
  /**
   * Git's own mode strings: "100644" files, "100755" executables, "120000" symlinks, "40000" trees
   * (GitHub's API shows "040000").
   */
  readonly mode: "100644" | "100755" | "120000" | "40000";
  readonly type: "blob" | "tree";
  readonly sha: string;
}

export type ObjectStore = Map<string, GitObject>;

/** `sha1("<type> <length>\0<body>")`, exactly what `git hash-object` computes. */
export function hashObject(type: GitObject["type"], body: Buffer): string {
  const header = Buffer.from(`${type} ${body.length}\0`);
  return createHash("sha1").update(header).update(body).digest("hex");
}

export function writeBlob(store: ObjectStore, content: Buffer): string {
  const sha = hashObject("blob", content);
  store.set(sha, { type: "blob", sha, content });
  return sha;
}

/** Git sorts tree entries by name, comparing a subtree's name as if it ended in "/". */
function entryOrder(a: TreeEntry, b: TreeEntry): number {
  const ka = a.type === "tree" ? `${a.name}/` : a.name;
  const kb = b.type === "tree" ? `${b.name}/` : b.name;
  return Buffer.compare(Buffer.from(ka), Buffer.from(kb));
}

export function writeTreeObject(store: ObjectStore, unsorted: readonly TreeEntry[]): string {
  const entries = [...unsorted].sort(entryOrder);
  const body = Buffer.concat(
    entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, "hex")]),
  );
  const sha = hashObject("tree", body);
  store.set(sha, { type: "tree", sha, entries });
  return sha;
}

/** Writes nested trees for a flat map of paths to contents and returns the root tree's SHA. */
export function writeTree(store: ObjectStore, files: ReadonlyMap<string, Buffer>): string {
  interface Dir {
    files: Map<string, Buffer>;
    dirs: Map<string, Dir>;
  }
  const root: Dir = { files: new Map(), dirs: new Map() };
  for (const [path, content] of files) {
    const parts = path.split("/");
    const name = parts.pop();
    if (!name || parts.some((p) => p === "")) throw new Error(`fake GitHub: bad file path ${path}`);
    let dir = root;
    for (const part of parts) {
      let next = dir.dirs.get(part);
      if (!next) {
        next = { files: new Map(), dirs: new Map() };
        dir.dirs.set(part, next);
      }
      dir = next;
    }
    dir.files.set(name, content);
  }
  const write = (dir: Dir): string => {
    const entries: TreeEntry[] = [];
    for (const [name, content] of dir.files)
      entries.push({ name, mode: "100644", type: "blob", sha: writeBlob(store, content) });
    for (const [name, sub] of dir.dirs) entries.push({ name, mode: "40000", type: "tree", sha: write(sub) });
    return writeTreeObject(store, entries);
  };
  return write(root);
}

export function writeCommit(
  store: ObjectStore,
  tree: string,
  parents: readonly string[],
  message: string,
  date: Date,
  people?: { readonly author: Person; readonly committer: Person },
): string {
  const line = (p: Person | undefined): string => {
    const seconds = Math.floor((p ? Date.parse(p.date) : date.getTime()) / 1000);
    return `${p ? `${p.name} <${p.email}>` : "Slipway Test <test@example.com>"} ${seconds} +0000`;
  };
  const lines = [
    `tree ${tree}`,
    ...parents.map((p) => `parent ${p}`),
    `author ${line(people?.author)}`,
    `committer ${line(people?.committer)}`,
  ];
  const body = Buffer.from(`${lines.join("\n")}\n\n${message}\n`);
  const sha = hashObject("commit", body);
  store.set(sha, { type: "commit", sha, tree, parents, message, date: date.toISOString(), ...people });
  return sha;
}

/** Every file under a tree, keyed by full path. */
export function readTree(store: ObjectStore, treeSha: string, prefix = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const tree = store.get(treeSha);
  if (tree?.type !== "tree") throw new Error(`fake GitHub: ${treeSha} is not a tree`);
  for (const entry of tree.entries) {
    const path = prefix + entry.name;
    if (entry.type === "tree") for (const [p, c] of readTree(store, entry.sha, `${path}/`)) out.set(p, c);
    else {
      const blob = store.get(entry.sha);
      if (blob?.type === "blob") out.set(path, blob.content);
    }
  }
  return out;
}

/** Walks a tree; `visit` gets every entry with its full path, parents before children. */
export function walkTree(
  store: ObjectStore,
  treeSha: string,
  visit: (path: string, entry: TreeEntry) => void,
  prefix = "",
): void {
  const tree = store.get(treeSha);
  if (tree?.type !== "tree") return;
  for (const entry of tree.entries) {
    const path = prefix + entry.name;
    visit(path, entry);
    if (entry.type === "tree") walkTree(store, entry.sha, visit, `${path}/`);
  }
}

/** Finds the object at `path` below a tree ("" is the tree itself). */
export function lookupPath(store: ObjectStore, treeSha: string, path: string): TreeEntry | undefined {
  const parts = path.split("/").filter((p) => p !== "");
  let entry: TreeEntry | undefined = { name: "", mode: "40000", type: "tree", sha: treeSha };
  for (const part of parts) {
    const tree: GitObject | undefined = entry ? store.get(entry.sha) : undefined;
    if (tree?.type !== "tree") return undefined;
    entry = tree.entries.find((e) => e.name === part);
  }
  return entry;
}
