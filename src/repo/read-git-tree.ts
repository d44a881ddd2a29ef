import type { Limits } from "../manifests/limits.ts";
import { pathProblem, type RejectedEntry, type SourceTree } from "../manifests/source-tree.ts";
import { parseCatFileBatch, parseLsTree, type TreeEntry } from "./git-object-output.ts";

const YAML_FILE = /\.ya?ml$/i;
const SYMLINK = "120000";

/** How the tree reader talks to git: both commands run in the mirror, with its usual environment. */
export interface GitObjectReader {
  listTree(sha: string): Promise<string>;
  readBlobs(oids: readonly string[]): Promise<Uint8Array>;
}

/**
 * A commit's files as a SourceTree, read from the object store (no checkout), by the same rules as the
 * GitHub tree reader: YAML files with their bytes, other files by path only, symbolic links and files
 * over the size limit listed as rejected without being read. Paths a repository on disk could not hold
 * are rejected too, and a tree with more entries than a repository reader would walk is cut short.
 */
export async function readGitTree(git: GitObjectReader, sha: string, limits: Limits): Promise<SourceTree> {
  const all = parseLsTree(await git.listTree(sha)).filter((e) => e.type === "blob");
  const rejected: RejectedEntry[] = [];
  const maxEntries = limits.maxFiles * 5;
  if (all.length > maxEntries) {
    rejected.push({
      path: ".",
      code: "SLW005",
      reason: `the repository tree holds ${all.length} files; only the first ${maxEntries} were read`,
    });
  }
  const otherPaths: string[] = [];
  const wanted: TreeEntry[] = [];
  let total = 0;
  for (const entry of all.slice(0, maxEntries)) {
    const problem = entry.path.includes("\uFFFD")
      ? "the path is not valid UTF-8"
      : pathProblem(entry.path, limits);
    if (problem !== null) {
      rejected.push({ path: entry.path, code: "SLW004", reason: problem });
      continue;
    }
    if (!YAML_FILE.test(entry.path)) {
      otherPaths.push(entry.path);
      continue;
    }
    if (entry.mode === SYMLINK) {
      rejected.push({ path: entry.path, code: "SLW004", reason: "symbolic links are not followed" });
      continue;
    }
    const size = entry.size ?? 0;
    if (size > limits.maxFileBytes) {
      rejected.push({
        path: entry.path,
        code: "SLW001",
        reason: `file is ${size} bytes; the limit is ${limits.maxFileBytes} bytes`,
      });
      continue;
    }
    if (total + size > limits.maxTotalBytes) {
      rejected.push({
        path: entry.path,
        code: "SLW001",
        reason: `the repository's YAML files exceed ${limits.maxTotalBytes} bytes in total; this one was not read`,
      });
      continue;
    }
    total += size;
    wanted.push(entry);
  }
  const oids = [...new Set(wanted.map((e) => e.oid))];
  const blobs =
    oids.length > 0 ? parseCatFileBatch(await git.readBlobs(oids)) : new Map<string, Uint8Array>();
  const files = new Map<string, Uint8Array>();
  for (const entry of [...wanted].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const bytes = blobs.get(entry.oid);
    if (!bytes) throw new Error(`git cat-file did not return ${entry.path} (${entry.oid})`);
    files.set(entry.path, bytes);
  }
  return { files, otherPaths, rejected };
}
