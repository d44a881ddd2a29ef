import type { RepoFiles } from "../../datasets/dvc/repo-files.ts";
import {
  type LoadedMonitorDataset,
  loadMonitorDataset,
  planMonitorDataset,
} from "../../datasets/monitor-dataset.ts";
import type { DatasetAccess } from "../../datasets/s3/dataset-access.ts";
import type { DatasetLimits } from "../../datasets/s3/dataset-limits.ts";
import type { DatasetFinding } from "../../datasets/s3/plan-listing.ts";
import type { ProgressReporter } from "../../datasets/s3/progress.ts";
import type { SampleOptions } from "../../datasets/s3/read-context.ts";
import { buildMonitorReport } from "../../drift/monitor-report/build-monitor-report.ts";
import type { MonitorReport } from "../../drift/monitor-report/monitor-report.ts";
import { monitorSettings } from "../../drift/monitor-report/monitor-settings.ts";
import type { ReferenceLineage } from "../../experiments/reference-lineage.ts";
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
  field: "path" | "prefix" | "dvc";
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
      /** Whether a versioned reference is what the production model was trained on (reviews only). */
      lineage?: ReferenceLineage | { unavailable: string };
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
  /** The git repository a DVC dataset names (`.`: the platform repository); the caller caches them. */
  repository?: (repo: string, rev: string | null) => Promise<RepoFiles | { unavailable: string }>;
}

const SIDES: readonly Side[] = ["reference", "current"];

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
    const finding = planMonitorDataset(spec[side], options.now, access.allowlist);
    if (finding) findings.push(locate(monitor, side, finding));
  }
  if (findings.length > 0) return { kind: "not-read", monitor, findings };
  const loaded = new Map<Side, Extract<LoadedMonitorDataset, { kind: "data" }>>();
  try {
    for (const side of SIDES) {
      const access = opened.get(side) as Extract<DatasetAccess, { source: unknown }>;
      const result = await loadMonitorDataset(access.source, spec[side], {
        now: options.now,
        allowlist: access.allowlist,
        ...(options.sample ? { sample: options.sample } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.progress ? { progress: options.progress } : {}),
        ...(options.repository ? { repository: options.repository } : {}),
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
  const reference = loaded.get("reference") as Extract<LoadedMonitorDataset, { kind: "data" }>;
  const current = loaded.get("current") as Extract<LoadedMonitorDataset, { kind: "data" }>;
  const report = buildMonitorReport({
    reference: reference.read.table,
    current: current.read.table,
    sources: {
      reference: source(spec.reference, reference),
      current: source(spec.current, current),
    },
    settings: monitorSettings(monitor.value),
    run: { at: options.now, window: current.partitions },
  });
  const sampledFrom: Partial<Record<Side, number>> = {};
  for (const [side, data] of loaded) if (data.read.sampled) sampledFrom[side] = data.read.rows;
  return { kind: "report", monitor, report, window: current.partitions, sampledFrom };
}

/** `data/train.csv@v1.2`, prefixed by the repository when it is not this one. */
function dvcLabel(dvc: NonNullable<DatasetRef["dvc"]>): string {
  const repo = dvc.repo && dvc.repo.trim() !== "." ? `${dvc.repo.trim()}:` : "";
  return `${repo}${dvc.path}${dvc.rev ? `@${dvc.rev}` : ""}`;
}

function source(ref: DatasetRef, data: Extract<LoadedMonitorDataset, { kind: "data" }>) {
  return {
    path: ref.dvc ? dvcLabel(ref.dvc) : (ref.path ?? ref.prefix ?? ""),
    rows: data.read.table.rowCount,
    ...(data.version ? { version: data.version } : {}),
  };
}

function locate(monitor: Manifest<"Monitor">, side: Side, finding: DatasetFinding): LocatedDatasetFinding {
  const ref = monitor.value.spec[side];
  const field = ref.dvc !== undefined ? "dvc" : ref.path !== undefined ? "path" : "prefix";
  const at = monitor.locate(["spec", side, field]);
  return { ...finding, side, field, file: monitor.file, line: at.line, column: at.column };
}
