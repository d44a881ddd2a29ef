import { LIMITS, type Limits } from "../manifests/limits.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import { readPlatformFiles } from "../repo/read-platform-files.ts";
import { type ListedFile, withinByteLimits } from "../repo/select-manifest-files.ts";
import type { BlobCache } from "./blob-cache.ts";
import type { InstallationOctokit } from "./octokit.ts";

const BLOB_CONCURRENCY = 8;

/**
 * Reads a commit's platform files through the REST API: the fallback when git is unavailable (issue
 * #20). One recursive tree request lists every file with its size; then `readPlatformFiles` picks
 * `.slipway.yml` and the manifest folders' YAML files, with the same count, per-file and total limits
 * as the git mirror — all decided on the listing, before anything is downloaded. Blobs come from the
 * content-addressed cache when it holds them. A listing GitHub truncated is refused whole.
 */
export async function readTreeFromGitHub(
  octokit: InstallationOctokit,
  repo: { owner: string; repo: string },
  sha: string,
  cache: BlobCache,
  limits: Limits = LIMITS,
): Promise<SourceTree> {
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: sha, recursive: "1" });
  if (data.truncated) {
    const reason = "the repository tree is too large for GitHub to list in one response; none of it was read";
    return { files: new Map(), otherPaths: [], rejected: [{ path: ".", code: "SLW005", reason }] };
  }
  const listed: ListedFile[] = data.tree.flatMap((e) =>
    e.type === "blob" && e.path && e.sha
      ? [{ path: e.path, mode: e.mode ?? "100644", oid: e.sha, size: e.size ?? 0 }]
      : [],
  );
  return readPlatformFiles(listed, limits, async (wanted, spent, within) => {
    const checked = withinByteLimits(wanted, (f) => f.size ?? 0, within, spent);
    const files = new Map<string, Uint8Array>();
    let next = 0;
    const worker = async () => {
      while (next < checked.read.length) {
        const file = checked.read[next++] as ListedFile;
        files.set(file.path, await readBlob(octokit, repo, file.oid, cache));
      }
    };
    await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, checked.read.length) }, worker));
    return { files, rejected: checked.rejected, total: checked.total };
  });
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
