import type { DatabaseSync } from "node:sqlite";
import { corrupt } from "../local/local-faults.ts";
import type { LoggedModel, LoggedModelStatus } from "../tracker-types.ts";
import { type Row, RowReader } from "./row-values.ts";

/** `logged_models.status` is an integer: LoggedModelStatus's protobuf numbers. */
const STATUS_BY_NUMBER: readonly LoggedModelStatus[] = [
  "LOGGED_MODEL_STATUS_UNSPECIFIED",
  "LOGGED_MODEL_PENDING",
  "LOGGED_MODEL_READY",
  "LOGGED_MODEL_UPLOAD_FAILED",
];

/** An MLflow 3 logged model with its params, tags and metric values (`SqlLoggedModel.to_mlflow_entity`). */
export function readLoggedModel(db: DatabaseSync, file: string, modelId: string): LoggedModel | undefined {
  const m = new RowReader(file, "logged_models");
  const row = db.prepare("SELECT * FROM logged_models WHERE model_id = ?").get(modelId) as Row | undefined;
  if (!row) return undefined;
  const statusNumber = m.number(row, "status");
  const status = STATUS_BY_NUMBER[statusNumber];
  if (!status) throw corrupt(file, `logged model ${modelId} has status ${statusNumber}, not 0 to 3.`);
  const p = new RowReader(file, "logged_model_params");
  const t = new RowReader(file, "logged_model_tags");
  const x = new RowReader(file, "logged_model_metrics");
  const all = (table: string, order: string) =>
    db.prepare(`SELECT * FROM ${table} WHERE model_id = ? ORDER BY ${order}`).all(modelId) as Row[];
  const sourceRun = m.optText(row, "source_run_id");
  const modelType = m.optText(row, "model_type");
  return {
    model_id: m.text(row, "model_id"),
    experiment_id: m.text(row, "experiment_id"),
    name: m.text(row, "name"),
    artifact_uri: m.text(row, "artifact_location"),
    status,
    tags: all("logged_model_tags", "tag_key").map((r) => ({
      key: t.text(r, "tag_key"),
      value: t.text(r, "tag_value"),
    })),
    params: all("logged_model_params", "param_key").map((r) => ({
      key: p.text(r, "param_key"),
      value: p.text(r, "param_value"),
    })),
    metrics: all("logged_model_metrics", "metric_name, metric_step, metric_timestamp_ms").map((r) => {
      // MLflow 3 records the dataset a value was computed on; older rows (and databases) have none.
      const dataset = { name: x.optText(r, "dataset_name"), digest: x.optText(r, "dataset_digest") };
      const runId = x.optText(r, "run_id");
      return {
        key: x.text(r, "metric_name"),
        value: x.optNumber(r, "metric_value") ?? Number.NaN,
        timestamp: x.number(r, "metric_timestamp_ms"),
        step: x.number(r, "metric_step"),
        model_id: modelId,
        ...(runId ? { run_id: runId } : {}),
        ...(dataset.digest ? { dataset_name: dataset.name ?? "", dataset_digest: dataset.digest } : {}),
      };
    }),
    ...(sourceRun ? { source_run_id: sourceRun } : {}),
    ...(modelType ? { model_type: modelType } : {}),
  };
}
