import type { Limits } from "../manifests/limits.ts";
import { DEFAULT_MANIFEST_DIRS, REPO_CONFIG_PATH, type SourceTree } from "../manifests/source-tree.ts";
import { parseCatFileBatch, parseLsTree } from "./git-object-output.ts";
import { readPlatformFiles } from "./read-platform-files.ts";
import { type ListedFile, selectManifestFiles, withinByteLimits } from "./select-manifest-files.ts";

/** How the tree reader talks to git; every command runs in the mirror, with its usual environment. */
export interface GitObjectReader {
  /** `git ls-tree -r -z` of the commit, ended once it has printed more than `maxEntries` entries. */
  listTree(sha: string, maxEntries: number): Promise<{ output: string; complete: boolean }>;
  /** Brings these blobs into the object store: one request for those absent, none when all are present. */
  fetchBlobs(oids: readonly string[]): Promise<void>;
  /** The blobs' sizes, from the object store (their contents are not read). */
  blobSizes(oids: readonly string[]): Promise<Map<string, number>>;
  readBlobs(oids: readonly string[]): Promise<Uint8Array>;
}

/**
 * A commit's platform files as a SourceTree, read from the partial mirror (issue #20). The listing comes
 * first and is bounded: more than 5 × maxFiles entries and nothing is read. Then `readPlatformFiles`
 * picks `.slipway.yml` and the manifest folders' YAML files; only those are fetched, their sizes checked
 * against the per-file and total limits in the object store, and only the files within them read.
 */
export async function readGitTree(git: GitObjectReader, sha: string, limits: Limits): Promise<SourceTree> {
  const maxEntries = limits.maxFiles * 5;
  const listing = await git.listTree(sha, maxEntries);
  if (!listing.complete) {
    const reason = `the repository tree holds more than ${maxEntries} files; none of them was read`;
    return { files: new Map(), otherPaths: [], rejected: [{ path: ".", code: "SLW005", reason }] };
  }
  const listed: ListedFile[] = parseLsTree(listing.output).filter((e) => e.type === "blob");
  // Most repositories keep the default folders: their files come in the same request as `.slipway.yml`
  // (bounded by the same count limit), rather than one request after it is read.
  const likely = selectManifestFiles(listed, DEFAULT_MANIFEST_DIRS, limits).wanted;
  const config = listed.filter((e) => e.path === REPO_CONFIG_PATH);
  await git.fetchBlobs([...new Set([...config, ...likely].map((f) => f.oid))]);
  return readPlatformFiles(listed, limits, async (wanted, spent, within) => {
    const oids = [...new Set(wanted.map((f) => f.oid))];
    await git.fetchBlobs(oids);
    const sizes = await git.blobSizes(oids);
    const checked = withinByteLimits(wanted, (f) => sizeOf(sizes, f), within, spent);
    const accepted = [...new Set(checked.read.map((f) => f.oid))];
    const blobs = accepted.length > 0 ? parseCatFileBatch(await git.readBlobs(accepted)) : new Map();
    const files = new Map(checked.read.map((f) => [f.path, blobOf(blobs, f)] as const));
    return { files, rejected: checked.rejected, total: checked.total };
  });
}

function sizeOf(sizes: ReadonlyMap<string, number>, file: ListedFile): number {
  const size = sizes.get(file.oid);
  if (size === undefined) throw new Error(`git did not fetch ${file.path} (${file.oid})`);
  return size;
}

function blobOf(blobs: ReadonlyMap<string, Uint8Array>, file: ListedFile): Uint8Array {
  const bytes = blobs.get(file.oid);
  if (!bytes) throw new Error(`git cat-file did not return ${file.path} (${file.oid})`);
  return bytes;
}
