import type { DatabaseSync } from "node:sqlite";
import { type CasOptions, compareAndSet } from "./compare-and-set.ts";
import { readFields } from "./field-reader.ts";
import {
  emptyRecords,
  type PipelineRecordStore,
  type PipelineRecords,
  readRecords,
  trimRuns,
} from "./pipeline-records.ts";
import { StateError } from "./state-error.ts";

/** Larger records are refused rather than written: they would not fit the cluster store either. */
export const MAX_RECORDS_BYTES = 900 * 1024;

/**
 * One repository's Kubeflow Pipelines records in the embedded store's SQLite file (table
 * `pipeline_records`, one row per repository): read, change, write only if the revision read is still
 * there — the same compare-and-set as the environment state.
 */
export function sqlitePipelineRecords(
  db: DatabaseSync,
  guard: <T>(work: () => T) => T,
  where: string,
  repository: string,
  options: CasOptions = {},
): PipelineRecordStore {
  const key = repository.toLowerCase();
  const load = (): { records: PipelineRecords; revision: number } => {
    const row = guard(() =>
      db.prepare("SELECT revision, records FROM pipeline_records WHERE repository = ?").get(key),
    ) as { revision?: unknown; records?: unknown } | undefined;
    if (!row) return { records: emptyRecords(), revision: 0 };
    const corrupt = (problem: string) =>
      new StateError("corrupt", `${where}: table pipeline_records, row for ${key}: ${problem}`);
    let value: unknown;
    try {
      value = JSON.parse(String(row.records));
    } catch {
      throw corrupt("column records is not JSON");
    }
    const read = readFields(() => readRecords(value));
    if ("problem" in read) throw corrupt(read.problem);
    return { records: read.value, revision: Number(row.revision) };
  };
  return {
    read: async () => load().records,
    update: (change) =>
      compareAndSet(options, `the Kubeflow Pipelines records of ${key} in ${where}`, async () => {
        const { records, revision } = load();
        const result = change(records);
        records.runs = trimRuns(records.runs);
        const text = JSON.stringify(records);
        if (Buffer.byteLength(text) > MAX_RECORDS_BYTES)
          throw new StateError(
            "full",
            `the Kubeflow Pipelines records of ${key} would exceed ${MAX_RECORDS_BYTES} bytes; nothing was written`,
          );
        const written = guard(() =>
          db
            .prepare(
              `INSERT INTO pipeline_records (repository, revision, records) VALUES (?, ?, ?) ON CONFLICT (repository)
               DO UPDATE SET revision = excluded.revision, records = excluded.records WHERE pipeline_records.revision = ?`,
            )
            .run(key, revision + 1, text, revision),
        );
        return written.changes === 1 ? { result } : null;
      }).then((w) => w.result),
  };
}

/** The same records in memory: for tests and for a server with no state store. */
export function memoryPipelineRecords(): PipelineRecordStore {
  let stored = JSON.stringify(emptyRecords());
  return {
    read: async () => readRecords(JSON.parse(stored)),
    update: async (change) => {
      const records = readRecords(JSON.parse(stored));
      const result = change(records);
      records.runs = trimRuns(records.runs);
      stored = JSON.stringify(records);
      return result;
    },
  };
}
