import { MAX_PACKAGE_BYTES } from "../manifests/compiled-package.ts";
import type { Limits } from "../manifests/limits.ts";
import { pipelinePackagePaths } from "../manifests/package-paths.ts";
import { manifestDirsOf } from "../manifests/read-repo-config.ts";
import { REPO_CONFIG_PATH, type RejectedEntry, type SourceTree } from "../manifests/source-tree.ts";
import { type ListedFile, selectManifestFiles } from "./select-manifest-files.ts";

/**
 * Reads some listed files (applying `limits`' byte limits to their sizes first) and says what it read,
 * what it refused, and the total bytes read so far — `spent` included.
 */
export type LoadFiles = (
  files: readonly ListedFile[],
  spent: number,
  limits: Limits,
) => Promise<{ files: ReadonlyMap<string, Uint8Array>; rejected: RejectedEntry[]; total: number }>;

/**
 * The platform files of a listed tree, whoever serves their bytes (the git mirror, or GitHub's API when
 * git is unavailable): `.slipway.yml` first, since it names the manifest folders, then only those
 * folders' YAML files, chosen on the listing alone (select-manifest-files.ts), then the compiled
 * packages their Pipelines name as files of the repository (up to MAX_PACKAGE_BYTES each, within the
 * same total) — every other file is a path, its contents never downloaded.
 */
export async function readPlatformFiles(
  listed: readonly ListedFile[],
  limits: Limits,
  load: LoadFiles,
): Promise<SourceTree> {
  const files = new Map<string, Uint8Array>();
  const rejected: RejectedEntry[] = [];
  const take = async (wanted: readonly ListedFile[], spent: number, within = limits): Promise<number> => {
    if (wanted.length === 0) return spent;
    const loaded = await load(wanted, spent, within);
    for (const [path, bytes] of loaded.files) files.set(path, bytes);
    rejected.push(...loaded.rejected);
    return loaded.total;
  };
  const config = listed.find((e) => e.path === REPO_CONFIG_PATH && e.mode !== "120000");
  const spent = await take(config ? [config] : [], 0);
  const dirs = manifestDirsOf(files.get(REPO_CONFIG_PATH) ?? null);
  const selection = selectManifestFiles(listed, dirs, limits);
  rejected.push(...selection.rejected);
  const manifests = await take(
    selection.wanted.filter((f) => f.path !== REPO_CONFIG_PATH),
    spent,
  );
  const packages = referencedPackages(listed, files, selection.otherPaths, limits);
  rejected.push(...packages.rejected);
  await take(packages.wanted, manifests, {
    ...limits,
    maxFileBytes: Math.max(limits.maxFileBytes, MAX_PACKAGE_BYTES),
  });
  return {
    files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    otherPaths: selection.otherPaths.filter((path) => !files.has(path)),
    rejected: rejected.sort(byPathWholeTreeFirst),
  };
}

/** The listed files Pipelines name as their package, among those not read yet; symbolic links refused. */
function referencedPackages(
  listed: readonly ListedFile[],
  files: ReadonlyMap<string, Uint8Array>,
  otherPaths: readonly string[],
  limits: Limits,
): { wanted: ListedFile[]; rejected: RejectedEntry[] } {
  const unread = new Set(otherPaths);
  const byPath = new Map(listed.map((e) => [e.path, e]));
  const wanted: ListedFile[] = [];
  const rejected: RejectedEntry[] = [];
  for (const path of pipelinePackagePaths(files, limits)) {
    const entry = byPath.get(path);
    if (!entry || !unread.has(path)) continue;
    if (entry.mode === "120000")
      rejected.push({ path, code: "SLW004", reason: "symbolic links are not followed" });
    else wanted.push(entry);
  }
  return { wanted, rejected };
}

/** Refusals of the whole tree (".") first, then by path: the same order whichever step found them. */
function byPathWholeTreeFirst(a: RejectedEntry, b: RejectedEntry): number {
  const key = (r: RejectedEntry) => (r.path === "." ? "" : r.path);
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
