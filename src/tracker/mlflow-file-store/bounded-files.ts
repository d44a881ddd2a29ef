import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { corrupt } from "../local/local-faults.ts";

/** How much of an mlruns tree one read may touch; every limit breached is a fault, never a hang. */
export interface FileStoreLimits {
  /** meta.yaml files (MLflow's are a few hundred bytes). */
  readonly maxMetaBytes: number;
  /** One param or tag value file (MLflow caps values at 6,000–8,000 characters). */
  readonly maxValueBytes: number;
  /** One metric history file ("timestamp value step" per logged point). */
  readonly maxMetricBytes: number;
  /** Entries in one directory: runs of an experiment, metrics of a run, versions of a model… */
  readonly maxEntries: number;
}

export const DEFAULT_LIMITS: FileStoreLimits = {
  maxMetaBytes: 1024 * 1024,
  maxValueBytes: 1024 * 1024,
  maxMetricBytes: 32 * 1024 * 1024,
  maxEntries: 100_000,
};

/** A name MLflow would accept as one path segment (run and model ids, experiment ids, aliases). */
export function isSafeSegment(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !/[/\\\0]/.test(name);
}

/** A file's text, refused unread when larger than `limit`; undefined when it does not exist. */
export async function readBounded(path: string, limit: number): Promise<string | undefined> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    size = info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw corrupt(path, `could not be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  if (size > limit)
    throw corrupt(path, `is ${size} bytes, more than the ${limit} a local MLflow read accepts.`);
  return readFile(path, "utf8");
}

/** A directory's entries sorted by name; none when it does not exist; a fault past `limit`. */
export async function listEntries(dir: string, limit: number): Promise<Dirent[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw corrupt(dir, `could not be listed (${code ?? "error"}).`);
  }
  if (entries.length > limit)
    throw corrupt(
      dir,
      `holds ${entries.length} entries, more than the ${limit} a local MLflow read accepts.`,
    );
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Files under `dir` as `/`-joined relative names: MLflow keys may contain "/" (`metrics/loss/train`),
 * which its file store writes as nested directories. Symbolic links are not followed.
 */
export async function listKeyFiles(dir: string, limit: number): Promise<string[]> {
  const keys: string[] = [];
  const walk = async (path: string, prefix: string, depth: number): Promise<void> => {
    if (depth > 16) throw corrupt(path, "nests keys more than 16 directories deep.");
    for (const entry of await listEntries(path, limit)) {
      if (entry.isDirectory()) await walk(join(path, entry.name), `${prefix}${entry.name}/`, depth + 1);
      else if (entry.isFile()) keys.push(`${prefix}${entry.name}`);
      if (keys.length > limit) throw corrupt(dir, `holds more than ${limit} keys.`);
    }
  };
  await walk(dir, "", 0);
  return keys;
}
