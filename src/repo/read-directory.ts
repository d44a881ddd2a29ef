import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { LIMITS } from "../manifests/limits.ts";
import type { RejectedEntry, SourceTree } from "../manifests/source-tree.ts";

const SKIPPED_DIRS = new Set([".git", "node_modules"]);
const YAML_FILE = /\.ya?ml$/i;

/**
 * Reads a platform repository from disk into a SourceTree: YAML files with their bytes, other files by
 * path only. Symlinks are followed only when they stay inside the repository; files over the size limit
 * are listed as rejected without being read.
 */
export async function readDirectory(root: string): Promise<SourceTree> {
  const realRoot = await realpath(root);
  const files = new Map<string, Uint8Array>();
  const otherPaths: string[] = [];
  const rejected: RejectedEntry[] = [];
  let count = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const path = relative(realRoot, full).split(sep).join("/");
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
        continue;
      }
      if (++count > LIMITS.maxFiles * 5) {
        rejected.push({
          path,
          code: "SLW004",
          reason: "the directory holds too many files; reading stopped here",
        });
        return;
      }
      let target = full;
      if (entry.isSymbolicLink()) {
        const resolved = await realpath(full).catch(() => null);
        if (resolved === null) {
          rejected.push({ path, code: "SLW004", reason: "the symbolic link points nowhere" });
          continue;
        }
        if (resolved !== realRoot && !resolved.startsWith(realRoot + sep)) {
          rejected.push({ path, code: "SLW004", reason: "the symbolic link points outside the repository" });
          continue;
        }
        if ((await lstat(resolved)).isDirectory()) continue; // links to directories are not followed
        target = resolved;
      } else if (!entry.isFile()) continue;
      if (!YAML_FILE.test(entry.name)) {
        otherPaths.push(path);
        continue;
      }
      const size = (await stat(target)).size;
      if (size > LIMITS.maxFileBytes) {
        rejected.push({
          path,
          code: "SLW001",
          reason: `file is ${size} bytes; the limit is ${LIMITS.maxFileBytes} bytes`,
        });
        continue;
      }
      files.set(path, new Uint8Array(await readFile(target)));
    }
  };
  await walk(realRoot);
  return { files, otherPaths, rejected };
}
