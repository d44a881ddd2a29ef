import type { DatasetAccess } from "../../datasets/s3/dataset-access.ts";
import type { DatasetLimits } from "../../datasets/s3/dataset-limits.ts";
import { type LoadedDataset, loadDataset } from "../../datasets/s3/load-dataset.ts";
import { type DatasetFinding, type DatasetLocation, planListing } from "../../datasets/s3/plan-listing.ts";
import type { ProgressReporter } from "../../datasets/s3/progress.ts";
import type { SampleOptions } from "../../datasets/s3/read-context.ts";
import { buildMonitorReport } from "../../drift/monitor-report/build-monitor-report.ts";
import type { MonitorReport } from "../../drift/monitor-report/monitor-report.ts";
import { monitorSettings } from "../../drift/monitor-report/monitor-settings.ts";
import type { DatasetRef } from "../../manifests/schemas/monitor.ts";
import type { Manifest } from "../../manifests/snapshot.ts";
import { datasetFaultWords } from "./dataset-fault-words.ts";

// One Monitor run over its datasets: the reference against the latest current window, relative to a
// `now` the caller passes in. Every read is decided before the first request, so a location the
// integration does not allow costs no request, on either side.

export type Side = "reference" | "current";

/** A dataset location that cannot be read as written, located in the Monitor's manifest. */
export interface LocatedDatasetFinding extends DatasetFinding {
  side: Side;
  field: "path" | "prefix";
  file: string;
  line: number;
  column: number;
}

export type MonitorRun =
  | {
      kind: "report";
      monitor: Manifest<"Monitor">;
      report: MonitorReport;
      /** The current window's partitions, oldest first; empty when the current data is not windowed. */
      window: readonly string[];
      /** Per sampled side, the rows the data had before sampling. */
      sampledFrom: Partial<Record<Side, number>>;
    }
  | { kind: "not-read"; monitor: Manifest<"Monitor">; findings: LocatedDatasetFinding[] }
  | { kind: "unavailable"; monitor: Manifest<"Monitor">; reason: string };

export interface RunMonitorOptions {
  now: Date;
  /** The datasets integration a side names; the caller caches and closes them. */
  access: (integration: string) => Promise<DatasetAccess>;
  sample?: SampleOptions;
  limits?: Partial<DatasetLimits>;
  progress?: ProgressReporter;
}

const SIDES: readonly Side[] = ["reference", "current"];

export function locationOf(ref: DatasetRef): DatasetLocation {
  return {
    ...(ref.path !== undefined ? { path: ref.path } : {}),
    ...(ref.prefix !== undefined ? { prefix: ref.prefix } : {}),
    ...(ref.partition !== undefined ? { partition: ref.partition } : {}),
    ...(ref.window !== undefined ? { window: ref.window } : {}),
  };
}

/**
 * Runs one Monitor. Store faults and unreadable data come back as `unavailable` with their reason;
 * any other error is a bug and propagates.
 */
export async function runMonitor(
  monitor: Manifest<"Monitor">,
  options: RunMonitorOptions,
): Promise<MonitorRun> {
  const spec = monitor.value.spec;
  const opened = new Map<Side, Extract<DatasetAccess, { source: unknown }>>();
  for (const side of SIDES) {
    const access = await options.access(spec[side].integration);
    if ("unavailable" in access) return { kind: "unavailable", monitor, reason: access.unavailable };
    opened.set(side, access);
  }
  const findings: LocatedDatasetFinding[] = [];
  for (const side of SIDES) {
    const access = opened.get(side) as Extract<DatasetAccess, { source: unknown }>;
    const plan = planListing(locationOf(spec[side]), options.now, access.allowlist);
    if (plan.kind === "finding") findings.push(locate(monitor, side, plan.finding));
  }
  if (findings.length > 0) return { kind: "not-read", monitor, findings };
  const loaded = new Map<Side, Extract<LoadedDataset, { kind: "data" }>>();
  try {
    for (const side of SIDES) {
      const access = opened.get(side) as Extract<DatasetAccess, { source: unknown }>;
      const result = await loadDataset(access.source, locationOf(spec[side]), {
        now: options.now,
        allowlist: access.allowlist,
        format: spec[side].format,
        ...(options.sample ? { sample: options.sample } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.progress ? { progress: options.progress } : {}),
      });
      if (result.kind === "finding")
        return { kind: "not-read", monitor, findings: [locate(monitor, side, result.finding)] };
      loaded.set(side, result);
    }
  } catch (error) {
    const words = datasetFaultWords(error);
    if (words === null) throw error;
    return { kind: "unavailable", monitor, reason: words };
  }
  const reference = loaded.get("reference") as Extract<LoadedDataset, { kind: "data" }>;
  const current = loaded.get("current") as Extract<LoadedDataset, { kind: "data" }>;
  const report = buildMonitorReport({
    reference: reference.read.table,
    current: current.read.table,
    sources: {
      reference: { path: written(spec.reference), rows: reference.read.table.rowCount },
      current: { path: written(spec.current), rows: current.read.table.rowCount },
    },
    settings: monitorSettings(monitor.value),
  });
  const sampledFrom: Partial<Record<Side, number>> = {};
  for (const [side, data] of loaded) if (data.read.sampled) sampledFrom[side] = data.read.rows;
  return { kind: "report", monitor, report, window: current.partitions, sampledFrom };
}

function written(ref: DatasetRef): string {
  return ref.path ?? ref.prefix ?? "";
}

function locate(monitor: Manifest<"Monitor">, side: Side, finding: DatasetFinding): LocatedDatasetFinding {
  const field = monitor.value.spec[side].path !== undefined ? "path" : "prefix";
  const at = monitor.locate(["spec", side, field]);
  return { ...finding, side, field, file: monitor.file, line: at.line, column: at.column };
}
