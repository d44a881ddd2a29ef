import { decodeFile } from "./decode-file.ts";
import { LIMITS } from "./limits.ts";
import { parseYamlFile } from "./parse-yaml.ts";
import type { RepoConfig } from "./schemas/repo-config.ts";
import { DEFAULT_MANIFEST_DIRS, REPO_CONFIG_PATH } from "./source-tree.ts";
import { validateRepoConfig } from "./validate-repo-config.ts";

/** `.slipway.yml` as a value when it is readable and valid, else null (its problems are the tree's to report). */
export function readRepoConfig(bytes: Uint8Array | null): RepoConfig | null {
  if (!bytes) return null;
  const decoded = decodeFile(REPO_CONFIG_PATH, bytes, LIMITS);
  if (!decoded.ok) return null;
  const parsed = parseYamlFile(REPO_CONFIG_PATH, decoded.text, LIMITS);
  if (parsed.diagnostics.length > 0) return null;
  const { config, diagnostics } = validateRepoConfig(parsed.documents);
  return diagnostics.length === 0 && config ? config.value : null;
}

/**
 * The manifest folders a tree's own `.slipway.yml` declares, or the defaults — decided as `validateRepo`
 * decides them, so a reader that fetches only these folders hands validation every file it looks at.
 */
export function manifestDirsOf(bytes: Uint8Array | null): readonly string[] {
  if (!bytes) return DEFAULT_MANIFEST_DIRS;
  const decoded = decodeFile(REPO_CONFIG_PATH, bytes, LIMITS);
  if (!decoded.ok) return DEFAULT_MANIFEST_DIRS;
  const parsed = parseYamlFile(REPO_CONFIG_PATH, decoded.text, LIMITS);
  return validateRepoConfig(parsed.documents).config?.value.manifests?.paths ?? DEFAULT_MANIFEST_DIRS;
}
