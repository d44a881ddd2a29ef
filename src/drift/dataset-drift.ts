import { type ColumnDriftResult, columnDrift, DriftInputError } from "./column-drift.ts";
import type { ColumnType, Table } from "./columns.ts";
import type { StatTestName } from "./stat-tests.ts";
import { Workspace } from "./workspace.ts";

// Dataset drift: the share of drifted columns against `driftShare` (Evidently's DataDriftPreset and
// legacy `get_dataset_drift`: drift when share >= 0.5).

export const DEFAULT_DRIFT_SHARE = 0.5;

export interface ColumnOverride {
  type?: ColumnType;
  test?: StatTestName;
  threshold?: number;
}

export interface DriftOptions {
  /** Columns to check, in this order; default: every column of the reference, in its order. */
  columns?: readonly string[];
  /** A test for every column (numeric-only tests apply to numeric columns only). */
  test?: StatTestName;
  threshold?: number;
  driftShare?: number;
  /** Per-column type, test and threshold, taking precedence over the dataset-wide options. */
  overrides?: ReadonlyMap<string, ColumnOverride>;
}

export interface DatasetSummary {
  drift: boolean;
  share: number;
  driftedColumns: number;
  /** Columns a test ran on; text columns and columns without values are reported but not counted. */
  totalColumns: number;
  driftShare: number;
}

export interface DriftReport {
  dataset: DatasetSummary;
  columns: ColumnDriftResult[];
}

/** The columns to check: the requested ones (each must exist in both tables) or the shared ones. */
export function columnsToCheck(reference: Table, current: Table, requested?: readonly string[]): string[] {
  if (requested) {
    for (const name of requested) {
      const where = !reference.columns.has(name)
        ? "reference"
        : !current.columns.has(name)
          ? "current"
          : null;
      if (where) throw new DriftInputError(`column '${name}' is not in the ${where} data`);
    }
    return [...requested];
  }
  const shared = [...reference.columns.keys()].filter((name) => current.columns.has(name));
  if (shared.length === 0) throw new DriftInputError("the reference and current data share no column");
  return shared;
}

/** Options for one column: its override over the dataset-wide test and threshold. */
export function optionsFor(name: string, options: DriftOptions): ColumnOverride {
  const o = options.overrides?.get(name);
  const out: ColumnOverride = {};
  const type = o?.type;
  const test = o?.test ?? options.test;
  const threshold = o?.threshold ?? options.threshold;
  if (type !== undefined) out.type = type;
  if (test !== undefined) out.test = test;
  if (threshold !== undefined) out.threshold = threshold;
  return out;
}

/** Combines per-column results into the dataset verdict. */
export function summariseDataset(columns: readonly ColumnDriftResult[], driftShare: number): DatasetSummary {
  const tested = columns.filter((c) => c.test !== null);
  const drifted = tested.filter((c) => c.drift).length;
  const share = tested.length === 0 ? 0 : drifted / tested.length;
  return {
    drift: tested.length > 0 && share >= driftShare,
    share,
    driftedColumns: drifted,
    totalColumns: tested.length,
    driftShare,
  };
}

/** Drift of every checked column, in one thread. */
export function datasetDrift(reference: Table, current: Table, options: DriftOptions = {}): DriftReport {
  const names = columnsToCheck(reference, current, options.columns);
  const workspace = new Workspace();
  const columns = names.map((name) =>
    columnDrift(
      name,
      reference.columns.get(name) as NonNullable<ReturnType<typeof reference.columns.get>>,
      current.columns.get(name) as NonNullable<ReturnType<typeof current.columns.get>>,
      optionsFor(name, options),
      workspace,
    ),
  );
  return { dataset: summariseDataset(columns, options.driftShare ?? DEFAULT_DRIFT_SHARE), columns };
}
