import type { DatasetRef, RunSummary } from "../../src/experiments/types.ts";

/** A dataset input logged with `mlflow.log_input(dataset, context=…)`; null context: untagged. */
export function input(
  name: string,
  digest: string | null,
  context: string | null,
  rows: number | null = null,
): DatasetRef {
  return { name, digest, context, rows };
}

/** An evaluation input, as most tests need one. */
export function evaluation(digest: string | null, name = "holdout"): DatasetRef {
  return input(name, digest, "evaluation");
}

/** A run with the given metrics, evaluated on dataset digest `d1` unless told otherwise. */
export function run(
  runId: string,
  metrics: Record<string, number>,
  extra: Partial<RunSummary> = {},
): RunSummary {
  return { runId, metrics, params: {}, inputs: [evaluation("d1")], ...extra };
}
