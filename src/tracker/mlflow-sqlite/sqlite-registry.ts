import type { DatabaseSync } from "node:sqlite";
import { parseModelsUri } from "../local/download-uri.ts";
import { corrupt } from "../local/local-faults.ts";
import type { StoredModelVersion, StoredRegisteredModel } from "../local/local-store.ts";
import type { ModelVersionStatus } from "../tracker-types.ts";
import { type Row, RowReader } from "./row-values.ts";

const VERSION_STATUSES: readonly ModelVersionStatus[] = [
  "READY",
  "PENDING_REGISTRATION",
  "FAILED_REGISTRATION",
];
/** MLflow's soft-deleted versions (`STAGE_DELETED_INTERNAL`) are invisible to every read. */
const DELETED_INTERNAL = "Deleted_Internal";

export function readRegisteredModel(
  db: DatabaseSync,
  file: string,
  name: string,
): StoredRegisteredModel | undefined {
  const m = new RowReader(file, "registered_models");
  const row = db.prepare("SELECT * FROM registered_models WHERE name = ?").get(name) as Row | undefined;
  if (!row) return undefined;
  const t = new RowReader(file, "registered_model_tags");
  const a = new RowReader(file, "registered_model_aliases");
  const tags = db
    .prepare("SELECT * FROM registered_model_tags WHERE name = ? ORDER BY key")
    .all(name) as Row[];
  const aliases = db
    .prepare("SELECT * FROM registered_model_aliases WHERE name = ? ORDER BY alias")
    .all(name) as Row[];
  const description = m.optText(row, "description");
  return {
    name: m.text(row, "name"),
    ...(description ? { description } : {}),
    tags: tags.map((r) => ({ key: t.text(r, "key"), value: t.optText(r, "value") ?? "" })),
    aliases: aliases.map((r) => ({ alias: a.text(r, "alias"), version: a.text(r, "version") })),
  };
}

/**
 * Versions of one model (or all), without MLflow's internally deleted ones. The SQL store keeps no
 * model_id column; a version registered from a logged model has the source `models:/<model_id>`, so
 * the id is read from there.
 */
export function readModelVersions(
  db: DatabaseSync,
  file: string,
  storageLocation: boolean,
  name?: string,
): StoredModelVersion[] {
  const v = new RowReader(file, "model_versions");
  const t = new RowReader(file, "model_version_tags");
  const byName = name === undefined ? "" : " AND name = ?";
  const args = name === undefined ? [] : [name];
  const rows = db
    .prepare(
      `SELECT * FROM model_versions WHERE current_stage IS NOT '${DELETED_INTERNAL}'${byName} ORDER BY name, version`,
    )
    .all(...args) as Row[];
  const tagRows = db
    .prepare(`SELECT * FROM model_version_tags${name === undefined ? "" : " WHERE name = ?"} ORDER BY key`)
    .all(...args) as Row[];
  return rows.map((row): StoredModelVersion => {
    const version = v.text(row, "version");
    const model = v.text(row, "name");
    const status = v.optText(row, "status") ?? "READY";
    if (!(VERSION_STATUSES as readonly string[]).includes(status))
      throw corrupt(file, `model version ${model}/${version} has status ${JSON.stringify(status)}.`);
    const source = v.optText(row, "source");
    const ref = source === undefined ? undefined : parseModelsUri(source);
    const optional = {
      status_message: v.optText(row, "status_message"),
      run_id: v.optText(row, "run_id") || undefined,
      source,
      model_id: ref?.kind === "logged-model" ? ref.modelId : undefined,
      creation_timestamp: v.optNumber(row, "creation_time"),
      last_updated_timestamp: v.optNumber(row, "last_updated_time"),
      storage_location: storageLocation ? v.optText(row, "storage_location") || undefined : undefined,
    };
    return {
      name: model,
      version,
      status: status as ModelVersionStatus,
      current_stage: v.optText(row, "current_stage") ?? "None",
      tags: tagRows
        .filter((r) => String(r.name) === model && String(r.version) === version)
        .map((r) => ({ key: t.text(r, "key"), value: t.optText(r, "value") ?? "" })),
      ...Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== undefined)),
    };
  });
}
