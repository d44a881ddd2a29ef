import type { Limits } from "../manifests/limits.ts";
import {
  isManifestPath,
  pathProblem,
  REPO_CONFIG_PATH,
  type RejectedEntry,
} from "../manifests/source-tree.ts";

/** A file as a tree listing names it, before any of its bytes are read. */
export interface ListedFile {
  path: string;
  mode: string;
  oid: string;
  /** Bytes, when the listing says (GitHub's tree API does; `git ls-tree` without `-l` does not). */
  size: number | null;
}

export interface ManifestSelection {
  /** The files whose bytes are read, in path order: `.slipway.yml` and the manifest folders' YAML files. */
  wanted: ListedFile[];
  /** Every other file, known by path only (a Pipeline's package path may name one). */
  otherPaths: string[];
  rejected: RejectedEntry[];
}

const SYMLINK = "120000";

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Which files of a tree listing are read (issue #20): `.slipway.yml` and the YAML files of the manifest
 * folders it declares, nothing else — a repository's other files, however many or large, are never
 * downloaded or read. Decided on the listing alone, before any blob is fetched: paths a repository on
 * disk could not hold and symbolic links are rejected, and manifest folders holding more files than the
 * limit are refused whole (nothing in them is read) rather than read in part.
 */
export function selectManifestFiles(
  listed: readonly ListedFile[],
  dirs: readonly string[],
  limits: Limits,
): ManifestSelection {
  const wanted: ListedFile[] = [];
  const otherPaths: string[] = [];
  const rejected: RejectedEntry[] = [];
  for (const entry of listed) {
    const problem = entry.path.includes("\uFFFD")
      ? "the path is not valid UTF-8"
      : pathProblem(entry.path, limits);
    if (problem !== null) rejected.push({ path: entry.path, code: "SLW004", reason: problem });
    else if (entry.path !== REPO_CONFIG_PATH && !isManifestPath(entry.path, dirs))
      otherPaths.push(entry.path);
    else if (entry.mode === SYMLINK)
      rejected.push({ path: entry.path, code: "SLW004", reason: "symbolic links are not followed" });
    else wanted.push(entry);
  }
  const manifests = wanted.filter((e) => e.path !== REPO_CONFIG_PATH);
  if (manifests.length > limits.maxFiles) {
    rejected.push({
      path: ".",
      code: "SLW005",
      reason: `the manifest folders (${dirs.join(", ")}) hold ${manifests.length} YAML files; the limit is ${limits.maxFiles}, so none of them was read`,
    });
    return {
      wanted: wanted.filter((e) => e.path === REPO_CONFIG_PATH),
      otherPaths: [...otherPaths, ...manifests.map((e) => e.path)],
      rejected,
    };
  }
  return { wanted: wanted.sort(byPath), otherPaths, rejected };
}

/**
 * The per-file and total byte limits, applied to sizes known before the bytes are read: a file over
 * the per-file limit is rejected, and from the file that would take the total past its limit on, every
 * file (in the order given) is. `spent` is what earlier reads of the same tree already used.
 */
export function withinByteLimits(
  files: readonly ListedFile[],
  sizeOf: (file: ListedFile) => number,
  limits: Limits,
  spent = 0,
): { read: ListedFile[]; rejected: RejectedEntry[]; total: number } {
  const read: ListedFile[] = [];
  const rejected: RejectedEntry[] = [];
  let total = spent;
  let full = false;
  for (const file of files) {
    const size = sizeOf(file);
    full ||= size <= limits.maxFileBytes && total + size > limits.maxTotalBytes;
    if (size > limits.maxFileBytes)
      rejected.push({
        path: file.path,
        code: "SLW001",
        reason: `file is ${size} bytes; the limit is ${limits.maxFileBytes} bytes`,
      });
    else if (full)
      rejected.push({
        path: file.path,
        code: "SLW001",
        reason: `the manifest files exceed ${limits.maxTotalBytes} bytes in total; this one was not read`,
      });
    else {
      total += size;
      read.push(file);
    }
  }
  return { read, rejected, total };
}
