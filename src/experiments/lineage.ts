import { compareData, splitByRole } from "./dataset-roles.ts";
import type { DatasetLineage, RunSummary } from "./types.ts";

/**
 * The data each run logged, by role, and what changed. Training data that changed is a retrain on new
 * data — expected, shown as lineage. An unknown digest on either side makes the change "unknown",
 * never "changed": nothing is claimed that the runs did not record.
 */
export function datasetLineage(candidate: RunSummary, baseline: RunSummary | undefined): DatasetLineage {
  const c = splitByRole(candidate.inputs);
  const b = baseline ? splitByRole(baseline.inputs) : null;
  return {
    training: {
      candidate: c.training,
      baseline: b?.training ?? null,
      change: b ? compareData(c.training, b.training) : null,
    },
    evaluation: {
      candidate: c.evaluation,
      baseline: b?.evaluation ?? null,
      change: b ? compareData(c.evaluation, b.evaluation) : null,
      untagged: { candidate: c.untaggedAsEvaluation, baseline: b?.untaggedAsEvaluation ?? false },
    },
    other: { candidate: c.other, baseline: b?.other ?? null },
  };
}
