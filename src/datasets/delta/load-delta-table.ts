import type { Table } from "../../drift/columns.ts";
import type { DatasetVersion } from "../../drift/monitor-report/dataset-version.ts";
import { hasDotSegments, withinPrefix } from "../../manifests/within-prefix.ts";
import { DatasetError } from "../dataset-error.ts";
import type { ColumnSelection } from "../parquet.ts";
import { type DatasetLimits, datasetLimits } from "../s3/dataset-limits.ts";
import type { DatasetSource } from "../s3/dataset-source.ts";
import type { TimeWindow } from "../s3/partition-window.ts";
import type { Allowlist, DatasetFinding } from "../s3/plan-listing.ts";
import { type ProgressReporter, silentProgress } from "../s3/progress.ts";
import type { ReadContext, SampleOptions } from "../s3/read-context.ts";
import type { DatasetRead } from "../s3/read-dataset-objects.ts";
import { readParquetObjects } from "../s3/read-parquet-objects.ts";
import { type DeltaDataFile, deltaDataFiles } from "./delta-data-files.ts";
import { deltaPartitionSelection } from "./delta-partition-window.ts";
import { readDeltaSnapshot } from "./read-delta-snapshot.ts";
import { shapeDeltaTable } from "./shape-delta-table.ts";

// A Monitor's `format: delta` dataset: the table's snapshot at the version asked for, its files
// narrowed to a window of partitions when one is given, read with the Parquet reader and shaped into
// the table's columns. The location is checked before any request, like any other dataset.

export interface DeltaLocation {
  /** The table root: the directory holding `_delta_log/`. */
  readonly path?: string;
  readonly prefix?: string;
  readonly partition?: string;
  readonly window?: TimeWindow;
  readonly version?: number;
  /** ISO 8601. */
  readonly timestamp?: string;
}

export interface DeltaLoadOptions {
  readonly now: Date;
  readonly allowlist: Allowlist;
  readonly limits?: Partial<DatasetLimits>;
  readonly sample?: SampleOptions;
  readonly progress?: ProgressReporter;
  /** Logical columns to keep (all when absent). */
  readonly columns?: readonly string[];
}

function finding(code: DatasetFinding["code"], location: string, message: string) {
  return { finding: { code, location, message } };
}

/** The table root (ending with '/') to read, or the finding that stops the read before any request. */
export function planDeltaLocation(
  location: DeltaLocation,
  allowlist: Allowlist,
): { root: string } | { finding: DatasetFinding } {
  if (location.path === undefined)
    return finding(
      "SLW135",
      location.prefix ?? "(none)",
      "a Delta table is named by `path`: its root directory, which holds _delta_log/",
    );
  const written = location.path;
  if (hasDotSegments(written))
    return finding("SLW127", written, "the location has '.' or '..' segments; give it without them");
  if (location.version !== undefined && location.timestamp !== undefined)
    return finding("SLW135", written, "give `version` or `timestamp`, not both");
  if (location.window !== undefined && location.partition === undefined)
    return finding(
      "SLW135",
      written,
      "a time `window` needs a `partition` pattern naming the table's date partition column, e.g. dt={date}",
    );
  const root = written.endsWith("/") ? written : `${written}/`;
  if (allowlist !== "unrestricted" && !allowlist.some((p) => withinPrefix(root, p)))
    return finding(
      "SLW127",
      written,
      `outside the integration's allowed prefixes (${allowlist.length === 0 ? "none are allowed" : allowlist.join(", ")})`,
    );
  return { root };
}

export type LoadedDelta =
  | { readonly kind: "finding"; readonly finding: DatasetFinding }
  | {
      readonly kind: "data";
      readonly label: string;
      readonly partitions: readonly string[];
      readonly read: DatasetRead;
      readonly version: DatasetVersion;
    };

export async function loadDeltaTable(
  source: DatasetSource,
  location: DeltaLocation,
  options: DeltaLoadOptions,
): Promise<LoadedDelta> {
  const planned = planDeltaLocation(location, options.allowlist);
  if ("finding" in planned) return { kind: "finding", finding: planned.finding };
  const { root } = planned;
  const label = location.path as string;
  const limits = datasetLimits(options.limits);
  const timestamp = location.timestamp === undefined ? undefined : Date.parse(location.timestamp);
  if (timestamp !== undefined && Number.isNaN(timestamp))
    return {
      kind: "finding",
      finding: {
        code: "SLW135",
        location: label,
        message: `\`timestamp\` '${location.timestamp}' is not an ISO 8601 time`,
      },
    };
  const snapshot = await readDeltaSnapshot(
    source,
    root,
    {
      ...(location.version !== undefined ? { version: location.version } : {}),
      ...(timestamp !== undefined ? { timestamp } : {}),
    },
    { now: options.now, budget: { bytesLeft: limits.maxLogBytes, keysLeft: limits.maxListedKeys } },
  );
  const partitionColumns = new Set(snapshot.metadata.partitionColumns);
  let files = snapshot.files;
  let partitions: readonly string[] = [];
  if (location.partition !== undefined) {
    const selection = deltaPartitionSelection(
      location.partition,
      location.window,
      options.now,
      snapshot.columns,
      snapshot.metadata.partitionColumns,
    );
    if ("problem" in selection)
      return { kind: "finding", finding: { code: "SLW135", location: label, message: selection.problem } };
    files = files.filter((f) => selection.accept(f));
    partitions = selection.partitions;
  }
  const version: DatasetVersion = {
    kind: "delta",
    table: label,
    version: snapshot.version,
    committedAt: snapshot.committedAt === undefined ? null : new Date(snapshot.committedAt).toISOString(),
  };
  if (files.length > limits.maxObjects)
    throw new DatasetError(
      label,
      `version ${snapshot.version} selects ${files.length} data files; the limit is ${limits.maxObjects} (narrow the window or raise the object limit)`,
    );
  if (files.length === 0)
    throw new DatasetError(
      label,
      `version ${snapshot.version} has no data files${location.partition !== undefined ? " in the selected partitions" : ""}`,
    );
  const objects = deltaDataFiles(label, root, files, options.allowlist);
  const wanted = options.columns
    ? snapshot.columns.filter((c) => options.columns?.includes(c.name))
    : snapshot.columns;
  const stored = wanted.filter((c) => !partitionColumns.has(c.name) && c.reading !== "void");
  // Mode `id` resolves columns by Parquet field id (a file without ids reads them as missing).
  const decode: ColumnSelection =
    snapshot.mapping === "id"
      ? { fieldIds: stored.map((c) => [c.fieldId as number, c.physical] as const) }
      : stored.map((c) => c.physical);
  const shape = (table: Table, file: DeltaDataFile) =>
    shapeDeltaTable(wanted, partitionColumns, table, file.partitionValues);
  const read = await readFiles(source, label, objects, decode, shape, limits, options);
  const missingColumns = (options.columns ?? []).filter((c) => !snapshot.columns.some((s) => s.name === c));
  return { kind: "data", label, partitions, read: { ...read, missingColumns }, version };
}

async function readFiles(
  source: DatasetSource,
  label: string,
  objects: readonly DeltaDataFile[],
  decode: ColumnSelection,
  shape: (table: Table, file: DeltaDataFile) => Table,
  limits: DatasetLimits,
  options: DeltaLoadOptions,
): Promise<Omit<DatasetRead, "missingColumns">> {
  const { sample } = options;
  if (sample && (!Number.isSafeInteger(sample.rows) || sample.rows < 1 || sample.rows > limits.maxRows))
    throw new DatasetError(label, `a sample takes 1 to ${limits.maxRows} rows, not ${sample.rows}`);
  const total = objects.reduce((n, o) => n + o.size, 0);
  if (total > limits.maxTotalBytes)
    throw new DatasetError(
      label,
      `the ${objects.length} data files hold ${total} bytes; the limit is ${limits.maxTotalBytes} bytes (narrow the window or raise the limit)`,
    );
  const progress = options.progress ?? silentProgress;
  const ctx: ReadContext = { source, label, limits, sample, progress, bytesRead: 0 };
  progress.start(label, total);
  try {
    const { table, rows } = await readParquetObjects(ctx, objects, decode, shape);
    return {
      table,
      objects: objects.length,
      bytes: ctx.bytesRead,
      rows,
      sampled: sample !== undefined && rows > sample.rows,
    };
  } finally {
    progress.finish();
  }
}
