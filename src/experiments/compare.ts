import { comparabilityWarnings, judgeGate } from "./judge-gate.ts";
import { datasetLineage } from "./lineage.ts";
import { deltas, finiteMetric } from "./metric-value.ts";
import { byCodePoint, diffParams } from "./run-diff.ts";
import type { Comparison, ComparisonInput, GateResult, MetricDelta, RunSummary } from "./types.ts";

/**
 * Candidate run + baseline + gates → the comparison a reviewer and the `slipway/gates` check read.
 * Fails closed (DESIGN.md §4): a failed gate, a missing metric or a relative gate that cannot be
 * judged all make the overall verdict a failure, each with its reason. Relative gates need the same
 * evaluation data; without recorded evaluation data they are judged on the numbers with a warning,
 * unless the policy requires it recorded.
 */
export function compareRuns(input: ComparisonInput): Comparison {
  const baseline = input.baselineSource === "none" ? undefined : input.baseline;
  const lineage = datasetLineage(input.candidate, baseline);
  const label = input.baselineLabel ?? "production";
  const requireEvaluationData = input.policy?.requireEvaluationData === true;
  const gates = input.gates.map((gate) =>
    judgeGate(gate, input.candidate, baseline, lineage, { label, requireEvaluationData }),
  );
  const warnings = comparabilityWarnings(gates, lineage, label, requireEvaluationData);
  const gated = new Set(input.gates.map((g) => g.metric));
  return {
    ...overall(gates, !baseline, warnings.length > 0),
    firstDeployment: !baseline,
    baselineSource: baseline ? input.baselineSource : "none",
    baselineNote: input.baselineNote ?? null,
    baselineLabel: label,
    candidateRun: runRef(input.candidate),
    baselineRun: baseline ? runRef(baseline) : null,
    gates,
    otherMetrics: baseline ? otherMetrics(baseline, input.candidate, gated) : [],
    params: baseline ? diffParams(baseline.params, input.candidate.params) : [],
    lineage,
    warnings,
    requireEvaluationData,
  };
}

function overall(
  gates: readonly GateResult[],
  firstDeployment: boolean,
  warned: boolean,
): Pick<Comparison, "verdict" | "reasons"> {
  const reasons: string[] = [];
  for (const g of gates) {
    if (g.verdict === "pass" || g.verdict === "skipped") continue;
    reasons.push(`${g.metric}: ${g.reasons.join("; ")}`);
  }
  if (reasons.length > 0) return { verdict: "fail", reasons };
  if (gates.length === 0) return { verdict: "pass", reasons: ["the model declares no gates"] };
  const skipped = gates.filter((g) => g.verdict === "skipped").length;
  const judged = gates.length - skipped;
  const note = !firstDeployment
    ? warned
      ? " (comparability unverified)"
      : ""
    : skipped > 0
      ? `; ${skipped} relative ${skipped === 1 ? "gate" : "gates"} skipped (first deployment: absolute gates only)`
      : " (first deployment: absolute gates only)";
  return {
    verdict: "pass",
    reasons: [`all ${judged} judged ${judged === 1 ? "gate passes" : "gates pass"}${note}`],
  };
}

function runRef(run: RunSummary): { runId: string; experiment: string | null } {
  return { runId: run.runId, experiment: run.experiment ?? null };
}

/** Metrics both runs logged with finite values that no gate names, by name. */
function otherMetrics(baseline: RunSummary, candidate: RunSummary, gated: Set<string>): MetricDelta[] {
  const rows: MetricDelta[] = [];
  for (const metric of Object.keys(candidate.metrics).sort(byCodePoint)) {
    if (gated.has(metric)) continue;
    const b = finiteMetric(baseline.metrics, metric);
    const c = finiteMetric(candidate.metrics, metric);
    if (b === null || c === null) continue;
    const d = deltas(b, c);
    rows.push({ metric, baseline: b, candidate: c, delta: d.delta ?? 0, relativeDelta: d.relativeDelta });
  }
  return rows;
}
