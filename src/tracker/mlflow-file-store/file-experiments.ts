import { join } from "node:path";
import type { Experiment } from "../tracker-types.ts";
import { type FileStoreLimits, isSafeSegment, listEntries } from "./bounded-files.ts";
import { readKeyValues } from "./file-runs.ts";
import { readMeta } from "./meta-yaml.ts";

/** Folders of an experiment that are not runs (`FileStore.RESERVED_EXPERIMENT_FOLDERS`, plus MLflow 3's models). */
export const RESERVED_EXPERIMENT_FOLDERS = new Set(["tags", "datasets", "traces", "models"]);
/** Deleted experiments move to `<root>/.trash`; the registry lives in `<root>/models`. */
const NOT_EXPERIMENTS = new Set([".trash", "models"]);

/** Every experiment folder, active ones first, then `.trash`. */
export async function experimentDirs(root: string, limits: FileStoreLimits): Promise<string[]> {
  const active = (await listEntries(root, limits.maxEntries))
    .filter((e) => e.isDirectory() && !NOT_EXPERIMENTS.has(e.name))
    .map((e) => join(root, e.name));
  const trash = (await listEntries(join(root, ".trash"), limits.maxEntries))
    .filter((e) => e.isDirectory())
    .map((e) => join(root, ".trash", e.name));
  return [...active, ...trash];
}

/** The folder of experiment `id` (active or deleted), found by name as MLflow's `find` does. */
export async function experimentDir(
  root: string,
  id: string,
  limits: FileStoreLimits,
): Promise<string | undefined> {
  if (!isSafeSegment(id)) return undefined;
  for (const parent of [root, join(root, ".trash")]) {
    const entries = await listEntries(parent, limits.maxEntries);
    if (entries.some((e) => e.isDirectory() && e.name === id)) return join(parent, id);
  }
  return undefined;
}

export async function readExperiment(dir: string, limits: FileStoreLimits): Promise<Experiment | undefined> {
  const meta = await readMeta(join(dir, "meta.yaml"), limits.maxMetaBytes);
  if (!meta) return undefined;
  const location = meta.optText("artifact_location");
  return {
    experiment_id: meta.text("experiment_id"),
    name: meta.text("name"),
    lifecycle_stage: meta.optText("lifecycle_stage") ?? "active",
    tags: await readKeyValues(join(dir, "tags"), limits),
    ...(location === undefined ? {} : { artifact_location: location }),
  };
}

/** Run folders of one experiment: every folder but the reserved ones. */
export async function runDirs(dir: string, limits: FileStoreLimits): Promise<string[]> {
  return (await listEntries(dir, limits.maxEntries))
    .filter((e) => e.isDirectory() && !RESERVED_EXPERIMENT_FOLDERS.has(e.name))
    .map((e) => join(dir, e.name));
}
