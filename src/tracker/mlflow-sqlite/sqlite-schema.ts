import type { DatabaseSync } from "node:sqlite";
import { corrupt } from "../local/local-faults.ts";

/**
 * The tables and columns read, as MLflow's SQLAlchemy store defines them
 * (`mlflow/store/tracking/dbmodels/models.py`, `mlflow/store/model_registry/dbmodels/models.py`).
 * Mirrored from MLflow 3.x, alembic revision 6953534de441 ("add step to inputs table", after
 * 400f98739977 "add logged model tables"); every column here has been stable since MLflow 2.x.
 */
export const REQUIRED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  experiments: ["experiment_id", "name", "artifact_location", "lifecycle_stage"],
  experiment_tags: ["key", "value", "experiment_id"],
  runs: [
    "run_uuid",
    "name",
    "user_id",
    "status",
    "start_time",
    "end_time",
    "lifecycle_stage",
    "artifact_uri",
    "experiment_id",
  ],
  latest_metrics: ["key", "value", "timestamp", "step", "is_nan", "run_uuid"],
  params: ["key", "value", "run_uuid"],
  tags: ["key", "value", "run_uuid"],
  datasets: [
    "dataset_uuid",
    "experiment_id",
    "name",
    "digest",
    "dataset_source_type",
    "dataset_source",
    "dataset_schema",
    "dataset_profile",
  ],
  inputs: ["input_uuid", "source_type", "source_id", "destination_type", "destination_id"],
  input_tags: ["input_uuid", "name", "value"],
  registered_models: ["name", "description"],
  registered_model_tags: ["key", "value", "name"],
  model_versions: [
    "name",
    "version",
    "creation_time",
    "last_updated_time",
    "current_stage",
    "source",
    "run_id",
    "status",
    "status_message",
  ],
  model_version_tags: ["key", "value", "name", "version"],
  registered_model_aliases: ["name", "alias", "version"],
};

/** MLflow 3's logged models: optional as a group, since databases from MLflow 2 do not have them. */
export const LOGGED_MODEL_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  logged_models: [
    "model_id",
    "experiment_id",
    "name",
    "artifact_location",
    "status",
    "model_type",
    "source_run_id",
  ],
  logged_model_params: ["model_id", "param_key", "param_value"],
  logged_model_tags: ["model_id", "tag_key", "tag_value"],
  logged_model_metrics: ["model_id", "metric_name", "metric_timestamp_ms", "metric_step", "metric_value"],
};

export interface SchemaFeatures {
  /** `model_versions.storage_location`, added in MLflow 2.9 (alembic acf3f17fdcc7). */
  readonly storageLocation: boolean;
  readonly loggedModels: boolean;
}

function columnsOf(db: DatabaseSync, table: string): Set<string> {
  // PRAGMA arguments cannot be bound; the table names are the constants above, never input.
  const rows = db.prepare(`PRAGMA table_info("${table}")`).all();
  return new Set(rows.map((r) => String(r.name)));
}

/** Checks once, at open, that every table and column read exists; refuses with the first one missing. */
export function checkSchema(db: DatabaseSync, file: string): SchemaFeatures {
  const tables = new Set(
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => String(r.name)),
  );
  const advice =
    "it is not an MLflow tracking database, or one older than MLflow 2.0 (run `mlflow db upgrade`)";
  for (const [table, columns] of Object.entries(REQUIRED_COLUMNS)) {
    if (!tables.has(table)) throw corrupt(file, `table "${table}" is missing; ${advice}.`);
    const present = columnsOf(db, table);
    const missing = columns.find((c) => !present.has(c));
    if (missing) throw corrupt(file, `column "${table}.${missing}" is missing; ${advice}.`);
  }
  const loggedModels = Object.entries(LOGGED_MODEL_COLUMNS).every(([table, columns]) => {
    if (!tables.has(table)) return false;
    const present = columnsOf(db, table);
    return columns.every((c) => present.has(c));
  });
  return { storageLocation: columnsOf(db, "model_versions").has("storage_location"), loggedModels };
}
