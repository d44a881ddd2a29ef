import { closeSync, openSync, readSync, statSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { corrupt } from "../local/local-faults.ts";
import type { LocalStore } from "../local/local-store.ts";
import { localTracker } from "../local/local-tracker.ts";
import { TrackerFault } from "../tracker-fault.ts";
import type { Tracker } from "../tracker-port.ts";
import { placeholders, type Row } from "./row-values.ts";
import { readLoggedModel } from "./sqlite-logged-models.ts";
import { readModelVersions, readRegisteredModel } from "./sqlite-registry.ts";
import { readExperiments, readRuns } from "./sqlite-runs.ts";
import { checkSchema } from "./sqlite-schema.ts";

/** A search reads every run of its experiments into memory; beyond this it is refused, not attempted. */
export const MAX_RUNS_PER_SEARCH = 100_000;
const MAX_EXPERIMENT_IDS = 500;
const SQLITE_HEADER = "SQLite format 3\u0000";

/** Refuses anything that is not an SQLite file before SQLite sees it, with a message naming the file. */
function checkFile(path: string): void {
  let size: number;
  try {
    const info = statSync(path);
    if (info.isDirectory()) throw corrupt(path, "is a directory; sqlite:/// needs the MLflow database file.");
    size = info.size;
  } catch (error) {
    if (error instanceof TrackerFault) throw error;
    throw corrupt(path, "does not exist or cannot be read; check the sqlite:/// path.");
  }
  const header = Buffer.alloc(16);
  const fd = openSync(path, "r");
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 16 || header.toString("latin1") !== SQLITE_HEADER)
    throw corrupt(path, "is not an SQLite database (its first bytes are not the SQLite header).");
}

/**
 * Opens an MLflow sqlite database read-only (`readOnly: true`, and `query_only` so not even a pragma
 * writes), checks its schema once, and reads it as a LocalStore. Nothing here writes to the file.
 */
export function openMlflowSqliteStore(path: string): { store: LocalStore; close(): void } {
  checkFile(path);
  let db: DatabaseSync;
  let features: ReturnType<typeof checkSchema>;
  try {
    db = new DatabaseSync(path, { readOnly: true });
  } catch (error) {
    throw corrupt(path, `could not be opened read-only: ${(error as Error).message}.`);
  }
  try {
    db.exec("PRAGMA query_only = ON");
    features = checkSchema(db, path);
  } catch (error) {
    db.close();
    if (error instanceof TrackerFault) throw error;
    throw corrupt(path, `is not a readable SQLite database: ${(error as Error).message}.`);
  }
  const store: LocalStore = {
    description: `MLflow sqlite store ${path}`,
    getRun: async (runId) => readRuns(db, path, { runId })[0],
    listRuns: async (experimentIds) => {
      if (experimentIds.length > MAX_EXPERIMENT_IDS)
        throw new TrackerFault(
          "invalid",
          `${path}: a search may name at most ${MAX_EXPERIMENT_IDS} experiments.`,
        );
      if (experimentIds.length === 0) return [];
      const counted = db
        .prepare(
          `SELECT count(*) AS n FROM runs WHERE experiment_id IN (${placeholders(experimentIds.length)})`,
        )
        .get(...experimentIds) as Row;
      if (Number(counted.n) > MAX_RUNS_PER_SEARCH)
        throw new TrackerFault(
          "invalid",
          `${path}: these experiments hold ${counted.n} runs, more than the ${MAX_RUNS_PER_SEARCH} a local search reads; ` +
            "search fewer experiments or use the tracking server.",
        );
      return readRuns(db, path, { experimentIds });
    },
    findExperiments: async (name) => readExperiments(db, path, name),
    getRegisteredModel: async (name) => readRegisteredModel(db, path, name),
    listModelVersions: async (name) => readModelVersions(db, path, features.storageLocation, name),
    getLoggedModel: async (modelId) =>
      features.loggedModels ? readLoggedModel(db, path, modelId) : undefined,
  };
  return { store, close: () => db.close() };
}

/** A read-only Tracker over `sqlite:///…`; `close` releases the database handle. */
export function openSqliteTracker(path: string): { tracker: Tracker; close(): void } {
  const { store, close } = openMlflowSqliteStore(path);
  return { tracker: localTracker(store), close };
}
