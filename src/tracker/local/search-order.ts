import type { Run } from "../tracker-types.ts";
import { SearchQueryError } from "./clause-match.ts";
import type { StoredModelVersion } from "./local-store.ts";

type Value = string | number | undefined;
interface SortKey<T> {
  readonly value: (item: T) => Value;
  readonly desc: boolean;
}

const ORDER = /^\s*(?:(\w+)\.)?(?:`([^`]+)`|"([^"]+)"|([\w.-]+))(?:\s+(ASC|DESC))?\s*$/i;

/**
 * MLflow's sort (`SearchUtils._get_value_for_sort`): a missing or NaN value goes last whichever way the
 * key sorts; later keys break ties.
 */
function compareBy<T>(keys: readonly SortKey<T>[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const x = key.value(a);
      const y = key.value(b);
      const xMissing = x === undefined || Number.isNaN(x);
      const yMissing = y === undefined || Number.isNaN(y);
      if (xMissing || yMissing) {
        if (xMissing !== yMissing) return xMissing ? 1 : -1;
        continue;
      }
      if (x === y) continue;
      const order = (x as string | number) < (y as string | number) ? -1 : 1;
      return key.desc ? -order : order;
    }
    return 0;
  };
}

const RUN_ENTITIES: Readonly<Record<string, "metrics" | "params" | "tags" | "attributes">> = {
  metrics: "metrics",
  metric: "metrics",
  params: "params",
  param: "params",
  parameters: "params",
  tags: "tags",
  tag: "tags",
  attributes: "attributes",
  attribute: "attributes",
  attr: "attributes",
  run: "attributes",
};
const RUN_ATTRIBUTES = ["run_id", "run_name", "status", "user_id", "artifact_uri", "start_time", "end_time"];

function runKey(entry: string): SortKey<Run> {
  const m = ORDER.exec(entry);
  const kind = m ? RUN_ENTITIES[(m[1] ?? "attributes").toLowerCase()] : undefined;
  const key = m?.[2] ?? m?.[3] ?? m?.[4] ?? "";
  if (!m || !kind || (kind === "attributes" && !RUN_ATTRIBUTES.includes(key)))
    throw new SearchQueryError(
      `Invalid order_by clause ${JSON.stringify(entry)}: use "<metrics|params|tags|attributes>.<key> [ASC|DESC]" ` +
        `with attributes ${RUN_ATTRIBUTES.join(", ")}.`,
    );
  const desc = (m[5] ?? "ASC").toUpperCase() === "DESC";
  const value = (run: Run): Value => {
    if (kind === "metrics") return run.data.metrics.find((x) => x.key === key)?.value;
    if (kind === "params") return run.data.params.find((x) => x.key === key)?.value;
    if (kind === "tags") return run.data.tags.find((x) => x.key === key)?.value;
    return (run.info as unknown as Readonly<Record<string, Value>>)[key];
  };
  return { value, desc };
}

/** Sorts runs by `order_by`, then MLflow's default `start_time DESC, run_id ASC`. */
export function sortRuns(runs: readonly Run[], orderBy: readonly string[] = []): Run[] {
  const keys = [
    ...orderBy.map(runKey),
    { value: (r: Run) => r.info.start_time, desc: true },
    { value: (r: Run) => r.info.run_id, desc: false },
  ];
  return [...runs].sort(compareBy(keys));
}

const VERSION_KEYS: Readonly<Record<string, (v: StoredModelVersion) => Value>> = {
  name: (v) => v.name,
  version_number: (v) => Number(v.version),
  creation_timestamp: (v) => v.creation_timestamp,
  last_updated_timestamp: (v) => v.last_updated_timestamp,
};

/** Model version order_by keys (`SearchModelVersionUtils.VALID_ORDER_BY_ATTRIBUTE_KEYS`). */
function versionKey(entry: string): SortKey<StoredModelVersion> {
  const m = ORDER.exec(entry);
  const value = m && m[1] === undefined ? VERSION_KEYS[m[2] ?? m[3] ?? m[4] ?? ""] : undefined;
  if (!m || !value)
    throw new SearchQueryError(
      `Invalid order_by clause ${JSON.stringify(entry)}: model versions sort by ${Object.keys(VERSION_KEYS).join(", ")} [ASC|DESC].`,
    );
  return { value, desc: (m[5] ?? "ASC").toUpperCase() === "DESC" };
}

/**
 * MLflow's SQL store order: `last_updated_timestamp DESC, name ASC, version_number DESC` by default;
 * an explicit order_by is followed by the name and version tiebreaks.
 */
export function sortVersions(
  versions: readonly StoredModelVersion[],
  orderBy: readonly string[] = [],
): StoredModelVersion[] {
  const defaults = orderBy.length === 0 ? ["last_updated_timestamp DESC"] : [];
  const entries = [...orderBy, ...defaults, "name ASC", "version_number DESC"];
  return [...versions].sort(compareBy(entries.map(versionKey)));
}
