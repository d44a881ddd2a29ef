import { TrackerFault } from "../tracker-fault.ts";
import type { KeyValue, Metric } from "../tracker-types.ts";

/** A body that does not have the shape MLflow documents; turned into a TrackerFault by `checked`. */
class ShapeError extends Error {}

type Obj = Record<string, unknown>;

export function asObject(value: unknown, path: string): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ShapeError(`${path} is not an object`);
  return value as Obj;
}

export function asString(value: unknown, path: string): string {
  if (typeof value !== "string") throw new ShapeError(`${path} is not a string`);
  return value;
}

export function reqString(o: Obj, key: string, path: string): string {
  const value = o[key];
  if (typeof value !== "string") throw new ShapeError(`${path}.${key} is missing or not a string`);
  return value;
}

export function optString(o: Obj, key: string, path: string): string | undefined {
  const value = o[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ShapeError(`${path}.${key} is not a string`);
  return value;
}

/** protobuf JSON writes NaN/Infinity as strings, and int64 as strings unless MLflow re-marks them. */
function toNumber(value: unknown, where: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^(-?Infinity|NaN|-?\d+(\.\d+)?([eE][-+]?\d+)?)$/.test(value))
    return Number(value);
  throw new ShapeError(`${where} is not a number`);
}

export function optNumber(o: Obj, key: string, path: string): number | undefined {
  return o[key] === undefined ? undefined : toNumber(o[key], `${path}.${key}`);
}

/** Empty repeated fields are omitted from MLflow's JSON, so a missing list is an empty one. */
export function list<T>(o: Obj, key: string, path: string, each: (v: unknown, p: string) => T): T[] {
  const value = o[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ShapeError(`${path}.${key} is not a list`);
  return value.map((v, i) => each(v, `${path}.${key}[${i}]`));
}

export function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const value = reqString(o, key, path);
  if (!(allowed as readonly string[]).includes(value))
    throw new ShapeError(
      `${path}.${key} is ${JSON.stringify(value.slice(0, 40))}, not one of ${allowed.join(", ")}`,
    );
  return value as T;
}

/** Copies `o[key]` into a new object only when it is defined (optional fields stay absent). */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function keyValue(v: unknown, path: string): KeyValue {
  const o = asObject(v, path);
  // An empty-string value is omitted by protobuf JSON.
  return { key: reqString(o, "key", path), value: optString(o, "value", path) ?? "" };
}

export function metric(v: unknown, path: string): Metric {
  const o = asObject(v, path);
  // MLflow 3 adds the run, the logged model and the dataset a value was computed on; empty means none.
  return {
    key: reqString(o, "key", path),
    value: toNumber(o.value ?? 0, `${path}.value`),
    timestamp: optNumber(o, "timestamp", path) ?? 0,
    step: optNumber(o, "step", path) ?? 0,
    ...opt("dataset_name", optString(o, "dataset_name", path) || undefined),
    ...opt("dataset_digest", optString(o, "dataset_digest", path) || undefined),
    ...opt("run_id", optString(o, "run_id", path) || undefined),
    ...opt("model_id", optString(o, "model_id", path) || undefined),
  };
}

/** Runs a shape check; a mismatch becomes a TrackerFault "invalid" naming the endpoint and the field. */
export function checked<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ShapeError)
      throw new TrackerFault("invalid", `${where} answered with an unexpected shape: ${error.message}.`);
    throw error;
  }
}
