import type { Table } from "../drift/columns.ts";
import { type DriftOptions, type DriftReport, datasetDrift } from "../drift/dataset-drift.ts";

/** Computes a drift report; columns are spread over worker threads when the data is large. */
export async function computeDrift(
  reference: Table,
  current: Table,
  options: DriftOptions,
): Promise<DriftReport> {
  return datasetDrift(reference, current, options);
}
