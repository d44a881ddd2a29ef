import type { Limits } from "./limits.ts";

/**
 * A repository as path → bytes. The same value comes from a directory on disk or from a PR head read
 * through the GitHub API, so validation never knows (or cares) where files live.
 * `rejected` lists entries the reader refused (a symlink leaving the repository, an oversized file).
 */
export interface SourceTree {
  files: ReadonlyMap<string, Uint8Array>;
  /** Paths of files whose content was not read (not YAML), so references to them still resolve. */
  otherPaths?: readonly string[];
  rejected?: readonly RejectedEntry[];
}

export interface RejectedEntry {
  path: string;
  code: "SLW001" | "SLW004" | "SLW005";
  reason: string;
}

export const REPO_CONFIG_PATH = ".slipway.yml";
export const DEFAULT_MANIFEST_DIRS = ["platform", "models", "features", "monitors", "pipelines"] as const;

/** Why a path may not be used, or null when it is a clean, relative, in-repository path. */
export function pathProblem(path: string, limits: Limits): string | null {
  if (path.length === 0 || path.length > limits.maxPathLength) return "the path is empty or too long";
  if (path.includes("\0") || path.includes("\\")) return "the path contains a NUL or a backslash";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "the path is absolute";
  const segments = path.split("/");
  if (segments.some((s) => s === "..")) return "the path leaves the repository through '..'";
  if (segments.some((s) => s === "" || s === ".")) return "the path has empty or '.' segments";
  return null;
}

/** Manifest files: YAML under the manifest directories (from .slipway.yml, or the defaults). */
export function isManifestPath(path: string, dirs: readonly string[]): boolean {
  if (!/\.ya?ml$/i.test(path)) return false;
  return dirs.some((dir) => {
    const clean = dir.replace(/^\.\//, "").replace(/\/+$/, "");
    return clean === "" || clean === "." || path.startsWith(`${clean}/`);
  });
}

/** Printable form of an untrusted path for a message: control characters escaped, length capped. */
export function printablePath(path: string): string {
  let cleaned = "";
  for (const c of path) {
    const code = c.charCodeAt(0);
    cleaned += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, "0")}` : c;
  }
  return cleaned.length > 200 ? `${cleaned.slice(0, 200)}…` : cleaned;
}
