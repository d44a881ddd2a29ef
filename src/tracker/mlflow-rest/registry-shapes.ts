import type { ModelVersion, ModelVersionStatus, RegisteredModel } from "../tracker-types.ts";
import {
  asObject,
  asString,
  keyValue,
  list,
  metric,
  oneOf,
  opt,
  optNumber,
  optString,
  reqString,
} from "./shape.ts";

const VERSION_STATUSES: readonly ModelVersionStatus[] = [
  "READY",
  "PENDING_REGISTRATION",
  "FAILED_REGISTRATION",
];

export function parseModelVersion(v: unknown, path: string): ModelVersion {
  const o = asObject(v, path);
  return {
    name: reqString(o, "name", path),
    version: reqString(o, "version", path),
    status: oneOf(o, "status", path, VERSION_STATUSES),
    // The default stage "None" is a real string in MLflow's JSON, but tolerate its omission.
    current_stage: optString(o, "current_stage", path) ?? "None",
    aliases: list(o, "aliases", path, asString),
    tags: list(o, "tags", path, keyValue),
    ...opt("status_message", optString(o, "status_message", path)),
    ...opt("run_id", optString(o, "run_id", path) || undefined),
    ...opt("source", optString(o, "source", path)),
    ...opt("model_id", optString(o, "model_id", path) || undefined),
    ...optList("model_metrics", list(o, "model_metrics", path, metric)),
    ...opt("creation_timestamp", optNumber(o, "creation_timestamp", path)),
    ...opt("last_updated_timestamp", optNumber(o, "last_updated_timestamp", path)),
  };
}

/** A repeated field kept only when MLflow sent entries (older servers omit it). */
function optList<K extends string, T>(key: K, items: T[]): { [P in K]?: T[] } {
  return (items.length > 0 ? { [key]: items } : {}) as { [P in K]?: T[] };
}

export function parseRegisteredModel(v: unknown, path: string): RegisteredModel {
  const o = asObject(v, path);
  return {
    name: reqString(o, "name", path),
    latest_versions: list(o, "latest_versions", path, parseModelVersion),
    tags: list(o, "tags", path, keyValue),
    aliases: list(o, "aliases", path, (a, p) => {
      const alias = asObject(a, p);
      return { alias: reqString(alias, "alias", p), version: reqString(alias, "version", p) };
    }),
    ...opt("description", optString(o, "description", path)),
  };
}
