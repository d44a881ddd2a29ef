import type { DatasetVersion } from "../drift/monitor-report/dataset-version.ts";
import type { DatasetRef } from "../manifests/schemas/monitor.ts";
import { DatasetError } from "./dataset-error.ts";
import { loadDeltaTable, planDeltaLocation } from "./delta/load-delta-table.ts";
import { loadDvcDataset } from "./dvc/load-dvc-dataset.ts";
import type { RepoFiles } from "./dvc/repo-files.ts";
import { cleanRepoPath } from "./dvc/resolve-dvc-output.ts";
import type { DatasetLimits } from "./s3/dataset-limits.ts";
import { DatasetFault, type DatasetSource } from "./s3/dataset-source.ts";
import { loadDataset } from "./s3/load-dataset.ts";
import { type Allowlist, type DatasetFinding, type DatasetLocation, planListing } from "./s3/plan-listing.ts";
import type { ProgressReporter } from "./s3/progress.ts";
import type { SampleOptions } from "./s3/read-context.ts";
import type { DatasetRead } from "./s3/read-dataset-objects.ts";

// A Monitor's `reference` or `current` as one dataset, whatever it is: objects by path or prefix
// (CSV, JSON Lines, Parquet), or a Delta table. `planMonitorDataset` decides before any request
// whether the location may be read as written; `loadMonitorDataset` reads it.

export interface MonitorDatasetOptions {
  readonly now: Date;
  readonly allowlist: Allowlist;
  readonly sample?: SampleOptions;
  readonly limits?: Partial<DatasetLimits>;
  readonly progress?: ProgressReporter;
  /** The git repository a DVC dataset names (`.` for the platform repository), or why it cannot be read. */
  readonly repository?: (repo: string, rev: string | null) => Promise<RepoFiles | { unavailable: string }>;
}

export type LoadedMonitorDataset =
  | { readonly kind: "finding"; readonly finding: DatasetFinding }
  | {
      readonly kind: "data";
      readonly label: string;
      readonly partitions: readonly string[];
      readonly read: DatasetRead;
      /** Which version of versioned data was read. */
      readonly version?: DatasetVersion;
    };

export function locationOf(ref: DatasetRef): DatasetLocation {
  return {
    ...(ref.path !== undefined ? { path: ref.path } : {}),
    ...(ref.prefix !== undefined ? { prefix: ref.prefix } : {}),
    ...(ref.partition !== undefined ? { partition: ref.partition } : {}),
    ...(ref.window !== undefined ? { window: ref.window } : {}),
  };
}

/** The finding that stops this dataset before any request, or null when it may be read. */
export function planMonitorDataset(ref: DatasetRef, now: Date, allowlist: Allowlist): DatasetFinding | null {
  if (ref.dvc !== undefined)
    return cleanRepoPath(ref.dvc.path) === undefined
      ? {
          code: "SLW135",
          location: ref.dvc.path,
          message: "`dvc.path` must be a path inside the repository, without '.' or '..' segments",
        }
      : null;
  if (ref.format === "delta") {
    const planned = planDeltaLocation({ ...locationOf(ref), ...timeTravel(ref) }, allowlist);
    return "finding" in planned ? planned.finding : null;
  }
  const plan = planListing(locationOf(ref), now, allowlist);
  return plan.kind === "finding" ? plan.finding : null;
}

function timeTravel(ref: DatasetRef) {
  return {
    ...(ref.version !== undefined ? { version: ref.version } : {}),
    ...(ref.timestamp !== undefined ? { timestamp: ref.timestamp } : {}),
  };
}

export async function loadMonitorDataset(
  source: DatasetSource,
  ref: DatasetRef,
  options: MonitorDatasetOptions,
): Promise<LoadedMonitorDataset> {
  if (ref.dvc !== undefined) {
    if (ref.format === "delta")
      throw new DatasetError(ref.dvc.path, "a DVC-tracked dataset cannot be a Delta table");
    const name = ref.dvc.repo === undefined || ref.dvc.repo.trim() === "" ? "." : ref.dvc.repo.trim();
    const repo = options.repository
      ? await options.repository(name, ref.dvc.rev ?? null)
      : { unavailable: "this run reads no git repository, so DVC-tracked data cannot be located" };
    if ("unavailable" in repo) throw new DatasetFault("invalid", `${name}:${ref.dvc.path}`, repo.unavailable);
    return loadDvcDataset(
      source,
      repo,
      { repo: name, path: ref.dvc.path, rev: ref.dvc.rev ?? null },
      { ...options, format: ref.format },
    );
  }
  if (ref.format === "delta")
    return loadDeltaTable(source, { ...locationOf(ref), ...timeTravel(ref) }, options);
  return loadDataset(source, locationOf(ref), { ...options, format: ref.format });
}
