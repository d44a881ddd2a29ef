import { stat } from "node:fs/promises";
import { join } from "node:path";
import { corrupt } from "../local/local-faults.ts";
import type { LocalStore } from "../local/local-store.ts";
import { localTracker } from "../local/local-tracker.ts";
import type { Tracker } from "../tracker-port.ts";
import type { Experiment, Run } from "../tracker-types.ts";
import { DEFAULT_LIMITS, type FileStoreLimits, isSafeSegment } from "./bounded-files.ts";
import { experimentDir, experimentDirs, readExperiment, runDirs } from "./file-experiments.ts";
import { readLoggedModel } from "./file-logged-models.ts";
import { readModelDir, readVersions } from "./file-registry.ts";
import { readRunDir } from "./file-runs.ts";

/** MLflow's run id rule (`_validate_run_id`), which also keeps a lookup inside the store. */
const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
const READ_BATCH = 16;

/**
 * MLflow's legacy file store (`./mlruns`) read as a LocalStore. Only reads: files are opened for
 * reading, never created, and every read is bounded by `limits`.
 */
export function mlflowFileStore(root: string, limits: FileStoreLimits = DEFAULT_LIMITS): LocalStore {
  const runsOf = async (dir: string, experimentId: string): Promise<Run[]> => {
    const runs: Run[] = [];
    const folders = await runDirs(dir, limits);
    // A few runs at a time: the reads are many small files, so overlapping them pays; all at once would not.
    for (let i = 0; i < folders.length; i += READ_BATCH) {
      const batch = await Promise.all(
        folders.slice(i, i + READ_BATCH).map((f) => readRunDir(f, dir, limits)),
      );
      // MLflow ignores a run whose meta.yaml names another experiment.
      for (const run of batch) if (run && run.info.experiment_id === experimentId) runs.push(run);
    }
    return runs;
  };
  return {
    description: `MLflow file store ${root}`,
    async getRun(runId) {
      if (!RUN_ID.test(runId)) return undefined;
      for (const dir of await experimentDirs(root, limits)) {
        const run = await readRunDir(join(dir, runId), dir, limits);
        if (run?.info.run_id === runId) return run;
      }
      return undefined;
    },
    async listRuns(experimentIds) {
      const runs: Run[] = [];
      for (const id of new Set(experimentIds)) {
        const dir = await experimentDir(root, id, limits);
        if (dir) runs.push(...(await runsOf(dir, id)));
        if (runs.length > limits.maxEntries)
          throw corrupt(
            root,
            `these experiments hold more than ${limits.maxEntries} runs; search fewer experiments.`,
          );
      }
      return runs;
    },
    async findExperiments(name) {
      const found: Experiment[] = [];
      for (const dir of await experimentDirs(root, limits)) {
        const experiment = await readExperiment(dir, limits);
        if (experiment?.name === name) found.push(experiment);
      }
      return found;
    },
    getRegisteredModel: (name) => readModelDir(root, name, limits),
    listModelVersions: (name) => readVersions(root, name, limits),
    getLoggedModel: (modelId) =>
      isSafeSegment(modelId) ? readLoggedModel(root, modelId, limits) : Promise.resolve(undefined),
  };
}

/** A read-only Tracker over an `./mlruns` directory; refuses a path that is not one. */
export async function openFileStoreTracker(
  root: string,
  limits: FileStoreLimits = DEFAULT_LIMITS,
): Promise<Tracker> {
  const info = await stat(root).catch(() => undefined);
  if (!info) throw corrupt(root, "does not exist; give the mlruns directory of an MLflow file store.");
  if (!info.isDirectory())
    throw corrupt(
      root,
      /\.(db|sqlite3?)$/i.test(root)
        ? "is a file, not an mlruns directory; for an MLflow database use sqlite:///<path>."
        : "is a file, not an mlruns directory.",
    );
  if (!(await holdsExperiments(root, limits)))
    throw corrupt(
      root,
      "is not an MLflow file store: no experiment folder with a meta.yaml in it (MLflow writes 0/meta.yaml for the Default experiment); give the mlruns directory.",
    );
  return localTracker(mlflowFileStore(root, limits));
}

/** Whether any experiment folder (active or deleted) holds MLflow's meta.yaml. */
async function holdsExperiments(root: string, limits: FileStoreLimits): Promise<boolean> {
  for (const dir of await experimentDirs(root, limits))
    if ((await stat(join(dir, "meta.yaml")).catch(() => undefined))?.isFile()) return true;
  return false;
}
