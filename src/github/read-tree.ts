import { LIMITS } from "../manifests/limits.ts";
import type { RejectedEntry, SourceTree } from "../manifests/source-tree.ts";
import type { BlobCache } from "./blob-cache.ts";
import type { InstallationOctokit } from "./octokit.ts";

const YAML_FILE = /\.ya?ml$/i;
const BLOB_CONCURRENCY = 8;

/**
 * Reads a commit's tree without a clone: one recursive tree request, then the YAML blobs not already in
 * the content-addressed cache. Other files are known by path only; oversized files and symbolic links
 * are listed as rejected and never fetched.
 */
export async function readTreeFromGitHub(
  octokit: InstallationOctokit,
  repo: { owner: string; repo: string },
  sha: string,
  cache: BlobCache,
): Promise<SourceTree> {
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: sha, recursive: "1" });
  const files = new Map<string, Uint8Array>();
  const otherPaths: string[] = [];
  const rejected: RejectedEntry[] = [];
  if (data.truncated) {
    rejected.push({
      path: ".",
      code: "SLW005",
      reason: "the repository tree is too large for GitHub to list in one response",
    });
  }
  const wanted: { path: string; sha: string }[] = [];
  for (const entry of data.tree) {
    if (entry.type !== "blob" || !entry.path || !entry.sha) continue;
    if (!YAML_FILE.test(entry.path)) {
      otherPaths.push(entry.path);
      continue;
    }
    if (entry.mode === "120000") {
      rejected.push({ path: entry.path, code: "SLW004", reason: "symbolic links are not followed" });
      continue;
    }
    if ((entry.size ?? 0) > LIMITS.maxFileBytes) {
      rejected.push({
        path: entry.path,
        code: "SLW001",
        reason: `file is ${entry.size} bytes; the limit is ${LIMITS.maxFileBytes} bytes`,
      });
      continue;
    }
    wanted.push({ path: entry.path, sha: entry.sha });
  }
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const item = wanted[next++] as { path: string; sha: string };
      files.set(item.path, await readBlob(octokit, repo, item.sha, cache));
    }
  };
  await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, wanted.length) }, worker));
  return {
    files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    otherPaths,
    rejected,
  };
}

async function readBlob(
  octokit: InstallationOctokit,
  repo: { owner: string; repo: string },
  sha: string,
  cache: BlobCache,
): Promise<Uint8Array> {
  const cached = cache.get(sha);
  if (cached) return cached;
  const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: sha });
  const bytes =
    data.encoding === "base64"
      ? new Uint8Array(Buffer.from(data.content, "base64"))
      : new TextEncoder().encode(data.content);
  cache.set(sha, bytes);
  return bytes;
}
