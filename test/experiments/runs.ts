import type { RunSummary } from "../../src/experiments/types.ts";

/** A run with the given metrics, evaluated on dataset digest `d1` unless told otherwise. */
export function run(
  runId: string,
  metrics: Record<string, number>,
  extra: Partial<RunSummary> = {},
): RunSummary {
  return { runId, metrics, params: {}, datasetDigests: ["d1"], ...extra };
}
