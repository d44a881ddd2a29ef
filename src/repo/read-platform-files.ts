import type { Limits } from "../manifests/limits.ts";
import { manifestDirsOf } from "../manifests/read-repo-config.ts";
import { REPO_CONFIG_PATH, type RejectedEntry, type SourceTree } from "../manifests/source-tree.ts";
import { type ListedFile, selectManifestFiles } from "./select-manifest-files.ts";

/**
 * Reads some listed files (applying the byte limits to their sizes first) and says what it read, what
 * it refused, and the total bytes read so far — `spent` included.
 */
export type LoadFiles = (
  files: readonly ListedFile[],
  spent: number,
) => Promise<{ files: ReadonlyMap<string, Uint8Array>; rejected: RejectedEntry[]; total: number }>;

/**
 * The platform files of a listed tree, whoever serves their bytes (the git mirror, or GitHub's API when
 * git is unavailable): `.slipway.yml` first, since it names the manifest folders, then only those
 * folders' YAML files, chosen on the listing alone (select-manifest-files.ts) — every other file is a
 * path, its contents never downloaded.
 */
export async function readPlatformFiles(
  listed: readonly ListedFile[],
  limits: Limits,
  load: LoadFiles,
): Promise<SourceTree> {
  const files = new Map<string, Uint8Array>();
  const rejected: RejectedEntry[] = [];
  const take = async (wanted: readonly ListedFile[], spent: number): Promise<number> => {
    if (wanted.length === 0) return spent;
    const loaded = await load(wanted, spent);
    for (const [path, bytes] of loaded.files) files.set(path, bytes);
    rejected.push(...loaded.rejected);
    return loaded.total;
  };
  const config = listed.find((e) => e.path === REPO_CONFIG_PATH && e.mode !== "120000");
  const spent = await take(config ? [config] : [], 0);
  const dirs = manifestDirsOf(files.get(REPO_CONFIG_PATH) ?? null);
  const selection = selectManifestFiles(listed, dirs, limits);
  rejected.push(...selection.rejected);
  await take(
    selection.wanted.filter((f) => f.path !== REPO_CONFIG_PATH),
    spent,
  );
  return {
    files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    otherPaths: selection.otherPaths,
    rejected: rejected.sort(byPathWholeTreeFirst),
  };
}

/** Refusals of the whole tree (".") first, then by path: the same order whichever step found them. */
function byPathWholeTreeFirst(a: RejectedEntry, b: RejectedEntry): number {
  const key = (r: RejectedEntry) => (r.path === "." ? "" : r.path);
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
