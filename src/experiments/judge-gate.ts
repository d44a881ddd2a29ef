import type { ModelGate } from "../manifests/schemas/model.ts";
import { checkGate, isRelative } from "./gate-check.ts";
import { differentDataReason, gateData, unverifiedWhy } from "./gate-comparability.ts";
import { finiteMetric } from "./metric-value.ts";
import type { ComparisonWarning, DatasetLineage, GateResult, RunSummary } from "./types.ts";

/** The one line of MLflow code that records a run's evaluation data (issue 15). */
export const LOG_EVALUATION_DATA = 'mlflow.log_input(dataset, context="evaluation")';

const UNVERIFIED_NOTE = "comparability unverified: no recorded evaluation data to match";

export interface JudgeOptions {
  label: string;
  requireEvaluationData: boolean;
}

/**
 * One gate against the baseline. Relative parts need the same evaluation data: different recorded
 * data is "not comparable" (naming both); none recorded is judged on the numbers with a note, or
 * "not comparable" when the repository's policy requires recorded evaluation data.
 */
export function judgeGate(
  gate: ModelGate,
  candidate: RunSummary,
  baseline: RunSummary | undefined,
  lineage: DatasetLineage,
  options: JudgeOptions,
): GateResult {
  const own = finiteMetric(candidate.metrics, gate.metric);
  if (!baseline) return checkGate(gate, own, { kind: "first-deployment" });
  const { label } = options;
  if (!isRelative(gate))
    return checkGate(gate, own, {
      kind: "comparable",
      value: finiteMetric(baseline.metrics, gate.metric),
      label,
    });
  const data = gateData(gate.metric, candidate, baseline, lineage);
  const { comparability } = data;
  const judged = (context: Parameters<typeof checkGate>[2]): GateResult => ({
    ...checkGate(gate, data.candidate, context),
    comparability,
  });
  if (comparability.status === "same") return judged({ kind: "comparable", value: data.baseline, label });
  if (comparability.status === "different")
    return judged({
      kind: "not-comparable",
      reason: differentDataReason(gate.metric, comparability, label),
      value: data.baseline,
      label,
    });
  if (options.requireEvaluationData)
    return judged({
      kind: "not-comparable",
      reason: `not comparable: the policy requires recorded evaluation data (policy.evidence.requireEvaluationData) and ${unverifiedWhy(lineage, label)}`,
      value: data.baseline,
      label,
    });
  return judged({ kind: "comparable", value: data.baseline, label, note: UNVERIFIED_NOTE });
}

/**
 * The warning a reviewer must see when relative gates rested on unverified comparability: who did not
 * record evaluation data, which gates it touched, and the line of code that records it.
 */
export function comparabilityWarnings(
  gates: readonly GateResult[],
  lineage: DatasetLineage,
  label: string,
  requireEvaluationData: boolean,
): ComparisonWarning[] {
  const touched = gates.filter((g) => g.comparability?.status === "unverified").map((g) => g.metric);
  if (touched.length === 0) return [];
  const names = [...new Set(touched)];
  const list = names.join(", ");
  const why = unverifiedWhy(lineage, label);
  if (requireEvaluationData)
    return [
      {
        code: "evaluation-data-required",
        message: `${capital(why)}, and the repository's policy (policy.evidence.requireEvaluationData) requires it: ${list} could not be judged.`,
        remedy: LOG_EVALUATION_DATA,
      },
    ];
  return [
    {
      code: "comparability-unverified",
      message: `${capital(why)}, so ${list} ${names.length === 1 ? "was" : "were"} judged on the numbers alone: the two runs may have been evaluated on different data.`,
      remedy: LOG_EVALUATION_DATA,
    },
  ];
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
