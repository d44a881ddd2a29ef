import { readdir, readFile, stat } from "node:fs/promises";
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
  return lock === null ? null : `a stale lock file ${lock} was left behind`;
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
