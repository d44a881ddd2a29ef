import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { type GitObject, hashObject } from "./git-objects.ts";
import type { RepoState } from "./state.ts";

/** The bytes git hashes for an object (without the "type len\0" header), rebuilt from the fake's store. */
export function objectBody(object: GitObject): Buffer {
  if (object.type === "blob") return object.content;
  if (object.type === "tree")
    return Buffer.concat(
      object.entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, "hex")]),
    );
  // The same lines writeCommit hashed: seeded commits carry the fixed test identity at their date.
  const line = (p: { name: string; email: string; date: string } | undefined): string =>
    `${p ? `${p.name} <${p.email}>` : "Slipway Test <test@example.com>"} ${Math.floor(Date.parse(p?.date ?? object.date) / 1000)} +0000`;
  const lines = [
    `tree ${object.tree}`,
    ...object.parents.map((p) => `parent ${p}`),
    `author ${line(object.author)}`,
    `committer ${line(object.committer)}`,
  ];
  return Buffer.from(`${lines.join("\n")}\n\n${object.message}\n`);
}

/** Writes a file whole or not at all: git http-backend may be reading the repository meanwhile. */
function writeAtomically(path: string, data: Buffer | string): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** Above this many new objects, one pack is written instead of loose objects (10,000 files: 1 s, not 10). */
const PACK_ABOVE = 256;
const PACK_TYPES = { commit: 1, tree: 2, blob: 3 } as const;

/** A pack entry's header: its type and body size, 4 bits then 7 bits per byte, low bits first. */
function packEntryHeader(type: keyof typeof PACK_TYPES, size: number): Buffer {
  const bytes = [(PACK_TYPES[type] << 4) | (size & 0x0f)];
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes[bytes.length - 1] = (bytes.at(-1) as number) | 0x80;
    bytes.push(rest & 0x7f);
    rest = Math.floor(rest / 128);
  }
  return Buffer.from(bytes);
}

/**
 * Writes objects as one pack (version 2, no deltas) and lets `git index-pack` write its index; the pack
 * and then its index take their final names only once whole, so git never sees a pack half written.
 */
function writePack(dir: string, objects: readonly [string, GitObject, Buffer][]): void {
  const header = Buffer.alloc(12);
  header.write("PACK", 0, "latin1");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(objects.length, 8);
  const parts: Buffer[] = [header];
  for (const [, object, body] of objects)
    parts.push(packEntryHeader(object.type, body.length), deflateSync(body, { level: 1 }));
  const content = Buffer.concat(parts);
  const checksum = createHash("sha1").update(content).digest();
  const folder = join(dir, "objects", "pack");
  const temporary = join(folder, `tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(`${temporary}.pack`, Buffer.concat([content, checksum]));
  execFileSync("git", ["index-pack", "-o", `${temporary}.idx`, `${temporary}.pack`], { stdio: "ignore" });
  const name = join(folder, `pack-${checksum.toString("hex")}`);
  renameSync(`${temporary}.pack`, `${name}.pack`);
  renameSync(`${temporary}.idx`, `${name}.idx`);
}

/**
 * Mirrors the fake's repositories into real bare repositories under `root`, so `git http-backend` can
 * serve them: every object written once, its SHA checked against git's (a few as loose objects, zlib of
 * "type len\0body"; many at once as a pack), the branches and pull request heads as `packed-refs`, HEAD
 * on the default branch.
 */
export class GitRepoExport {
  readonly root: string;
  readonly #written = new WeakMap<RepoState, Set<string>>();

  constructor(root: string) {
    this.root = root;
  }

  /** Brings the repository's export up to date; returns its directory name below `root`. */
  sync(repo: RepoState): string {
    const name = `${repo.id}.git`;
    const dir = join(this.root, name);
    let written = this.#written.get(repo);
    if (!written) {
      written = new Set();
      this.#written.set(repo, written);
      for (const sub of ["objects/info", "objects/pack", "refs/heads", "refs/tags"])
        mkdirSync(join(dir, sub), { recursive: true });
      // Fetching a commit by its SHA (what the mirror does for a deployed commit) needs the first two;
      // partial fetches (`--filter=blob:none`, then file contents by id), which GitHub serves, the third.
      const config = [
        "[core]",
        "\trepositoryformatversion = 0",
        "\tbare = true",
        "[uploadpack]",
        "\tallowReachableSHA1InWant = true",
        "\tallowAnySHA1InWant = true",
        "\tallowFilter = true",
        "",
      ];
      writeAtomically(join(dir, "config"), config.join("\n"));
    }
    const fresh: [string, GitObject, Buffer][] = [];
    for (const [sha, object] of repo.objects) {
      if (written.has(sha)) continue;
      const body = objectBody(object);
      if (hashObject(object.type, body) !== sha)
        throw new Error(`fake GitHub: object ${sha} does not hash back to its SHA`);
      fresh.push([sha, object, body]);
      written.add(sha);
    }
    if (fresh.length > PACK_ABOVE) writePack(dir, fresh);
    else
      for (const [sha, object, body] of fresh) {
        const folder = join(dir, "objects", sha.slice(0, 2));
        mkdirSync(folder, { recursive: true });
        const header = Buffer.from(`${object.type} ${body.length}\0`);
        writeAtomically(join(folder, sha.slice(2)), deflateSync(Buffer.concat([header, body])));
      }
    const refs = [...repo.refs]
      .map(([ref, sha]) => [ref.startsWith("pull/") ? `refs/${ref}` : `refs/heads/${ref}`, sha] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const packed = refs.map(([ref, sha]) => `${sha} ${ref}\n`).join("");
    writeAtomically(join(dir, "packed-refs"), `# pack-refs with: peeled fully-peeled sorted \n${packed}`);
    writeAtomically(join(dir, "HEAD"), `ref: refs/heads/${repo.defaultBranch}\n`);
    return name;
  }
}
