import { open, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Why an existing mirror cannot be trusted, or null when it looks whole. Checked before each operation
 * while no git process of this mirror runs (operations are serialized), so any `*.lock` left in the
 * repository belongs to a process that died mid-write — a fetch killed with its pod, say — and the
 * files it guarded may be half written.
 */
export async function mirrorDamage(gitDir: string, expectedUrl: string): Promise<string | null> {
  for (const required of ["HEAD", "config", "objects", "refs"]) {
    if (!(await exists(join(gitDir, required)))) return `its ${required} is missing`;
  }
  const config = await readFile(join(gitDir, "config"), "utf8");
  if (!config.includes(`url = ${expectedUrl}\n`))
    return "its configuration does not name the expected remote";
  const lock = await findLock(gitDir, "", 0);
  if (lock !== null) return `a stale lock file ${lock} was left behind`;
  const pack = await damagedPack(gitDir);
  return pack === null ? null : `its pack file ${pack} is damaged`;
}

/** Each pack file and pack index must begin as git writes them ("PACK", and "\377tOc" version 2). */
const PACK_MAGIC: Record<string, Buffer> = {
  ".pack": Buffer.from("PACK"),
  ".idx": Buffer.from([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]),
};

/**
 * The first pack file whose header is not git's. A partial mirror trusts its promisor remote for any
 * object it cannot read, so git no longer fails on a damaged pack: this check is what notices one.
 */
async function damagedPack(gitDir: string): Promise<string | null> {
  const dir = join(gitDir, "objects", "pack");
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const magic = PACK_MAGIC[name.slice(name.lastIndexOf("."))];
    if (!magic) continue;
    const head = Buffer.alloc(magic.length);
    const file = await open(join(dir, name), "r").catch(() => null);
    if (!file) continue; // removed meanwhile by git's own repacking
    try {
      const { bytesRead } = await file.read(head, 0, magic.length, 0);
      if (bytesRead < magic.length || !head.equals(magic)) return `objects/pack/${name}`;
    } finally {
      await file.close();
    }
  }
  return null;
}

/** The first `*.lock` at the top of the repository or under refs/ (where git writes its lock files). */
async function findLock(root: string, relative: string, depth: number): Promise<string | null> {
  const entries = await readdir(join(root, relative), { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isFile() && entry.name.endsWith(".lock")) return path;
    if (entry.isDirectory() && depth < 12 && (depth > 0 || entry.name === "refs")) {
      const found = await findLock(root, path, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
