import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { corrupt } from "../local/local-faults.ts";
import type { DatasetInput, Experiment, KeyValue, Metric, Run, RunStatus } from "../tracker-types.ts";
import { type Row, RowReader } from "./row-values.ts";

const STATUSES: readonly RunStatus[] = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

/** Which runs to read: one by id, or every run of some experiments. */
export type RunScope = { readonly runId: string } | { readonly experimentIds: readonly string[] };

function scopeSql(scope: RunScope): { where: string; args: SQLInputValue[] } {
  if ("runId" in scope) return { where: "run_uuid = ?", args: [scope.runId] };
  const ids = scope.experimentIds;
  return { where: `experiment_id IN (${ids.map(() => "?").join(", ")})`, args: [...ids] };
}

function grouped<T>(rows: readonly Row[], key: string, map: (row: Row) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = String(row[key]);
    const list = groups.get(id) ?? [];
    if (list.length === 0) groups.set(id, list);
    list.push(map(row));
  }
  return groups;
}

/** A run as `SqlRun.to_mlflow_entity` builds it: latest metrics, params, tags and dataset inputs. */
export function readRuns(db: DatabaseSync, file: string, scope: RunScope): Run[] {
  const { where, args } = scopeSql(scope);
  if (args.length === 0) return [];
  const ids = `SELECT run_uuid FROM runs WHERE ${where}`;
  const all = (sql: string): Row[] => db.prepare(sql).all(...args) as Row[];
  const r = new RowReader(file, "runs");
  const m = new RowReader(file, "latest_metrics");
  const kv = (table: string) => {
    const reader = new RowReader(file, table);
    // A NULL tag value is an empty string in MLflow's protobuf answers.
    return (row: Row): KeyValue => ({
      key: reader.text(row, "key"),
      value: reader.optText(row, "value") ?? "",
    });
  };
  const metrics = grouped(
    all(`SELECT * FROM latest_metrics WHERE run_uuid IN (${ids}) ORDER BY key`),
    "run_uuid",
    (row): Metric => ({
      key: m.text(row, "key"),
      value: m.number(row, "is_nan") ? Number.NaN : m.number(row, "value"),
      timestamp: m.optNumber(row, "timestamp") ?? 0,
      step: m.optNumber(row, "step") ?? 0,
    }),
  );
  const params = grouped(
    all(`SELECT * FROM params WHERE run_uuid IN (${ids}) ORDER BY key`),
    "run_uuid",
    kv("params"),
  );
  const tags = grouped(
    all(`SELECT * FROM tags WHERE run_uuid IN (${ids}) ORDER BY key`),
    "run_uuid",
    kv("tags"),
  );
  const inputs = readDatasetInputs(db, file, ids, args);
  return all(`SELECT * FROM runs WHERE ${where} ORDER BY run_uuid`).map((row): Run => {
    const id = r.text(row, "run_uuid");
    const status = r.text(row, "status");
    if (!(STATUSES as readonly string[]).includes(status))
      throw corrupt(
        file,
        `run ${id} has status ${JSON.stringify(status)}, not one of ${STATUSES.join(", ")}.`,
      );
    const runTags = tags.get(id) ?? [];
    // Like MLflow, fall back to the mlflow.runName tag when the name column is empty.
    const name = r.optText(row, "name") || runTags.find((t) => t.key === "mlflow.runName")?.value;
    const optional = {
      run_name: name,
      user_id: r.optText(row, "user_id"),
      start_time: r.optNumber(row, "start_time"),
      end_time: r.optNumber(row, "end_time"),
      artifact_uri: r.optText(row, "artifact_uri"),
    };
    return {
      info: {
        run_id: id,
        experiment_id: r.text(row, "experiment_id"),
        status: status as RunStatus,
        lifecycle_stage: r.optText(row, "lifecycle_stage") ?? "active",
        ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== "")),
      },
      data: { metrics: metrics.get(id) ?? [], params: params.get(id) ?? [], tags: runTags },
      inputs: { dataset_inputs: inputs.get(id) ?? [] },
    };
  });
}

/** Dataset inputs: `inputs` rows from a DATASET to a RUN, joined to `datasets`, with `input_tags`. */
function readDatasetInputs(
  db: DatabaseSync,
  file: string,
  runIds: string,
  args: SQLInputValue[],
): Map<string, DatasetInput[]> {
  const d = new RowReader(file, "datasets");
  const t = new RowReader(file, "input_tags");
  const rows = db
    .prepare(
      `SELECT i.input_uuid, i.destination_id, d.* FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
       WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id IN (${runIds})
       ORDER BY d.name, d.digest`,
    )
    .all(...args) as Row[];
  const tagRows = db
    .prepare(
      `SELECT t.* FROM input_tags t JOIN inputs i ON i.input_uuid = t.input_uuid
       WHERE i.destination_type = 'RUN' AND i.destination_id IN (${runIds}) ORDER BY t.name`,
    )
    .all(...args) as Row[];
  const tags = grouped(tagRows, "input_uuid", (row) => ({
    key: t.text(row, "name"),
    value: t.text(row, "value"),
  }));
  return grouped(rows, "destination_id", (row): DatasetInput => {
    const optional = {
      schema: d.optText(row, "dataset_schema"),
      profile: d.optText(row, "dataset_profile"),
    };
    return {
      tags: tags.get(String(row.input_uuid)) ?? [],
      dataset: {
        name: d.text(row, "name"),
        digest: d.text(row, "digest"),
        source_type: d.text(row, "dataset_source_type"),
        source: d.text(row, "dataset_source"),
        ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
      },
    };
  });
}

export function readExperiments(db: DatabaseSync, file: string, name: string): Experiment[] {
  const e = new RowReader(file, "experiments");
  const t = new RowReader(file, "experiment_tags");
  return (db.prepare("SELECT * FROM experiments WHERE name = ?").all(name) as Row[]).map(
    (row): Experiment => {
      const id = e.text(row, "experiment_id");
      const tags = db
        .prepare("SELECT * FROM experiment_tags WHERE experiment_id = ? ORDER BY key")
        .all(id) as Row[];
      const location = e.optText(row, "artifact_location");
      return {
        experiment_id: id,
        name: e.text(row, "name"),
        lifecycle_stage: e.optText(row, "lifecycle_stage") ?? "active",
        tags: tags.map((tag) => ({ key: t.text(tag, "key"), value: t.optText(tag, "value") ?? "" })),
        ...(location === undefined ? {} : { artifact_location: location }),
      };
    },
  );
}
