import { byNameThenDigest } from "./dataset-roles.ts";
import { datasetsWords, runOf } from "./dataset-words.ts";
import { finiteMetric } from "./metric-value.ts";
import type { DatasetLineage, DatasetMetric, DatasetRef, GateComparability, RunSummary } from "./types.ts";

export interface GateData {
  comparability: GateComparability;
  /** The values the gate judges: from the metric's shared dataset when MLflow 3 recorded one. */
  candidate: number | null;
  baseline: number | null;
}

/**
 * Which evaluation data a relative gate's two values come from. The precise form first: MLflow 3
 * records a logged model's metric with the dataset it was computed on, so when both sides have this
 * metric on a dataset, they are matched on a digest they share. Otherwise the runs' evaluation inputs
 * decide, for every gated metric alike.
 */
export function gateData(
  metric: string,
  candidate: RunSummary,
  baseline: RunSummary,
  lineage: DatasetLineage,
): GateData {
  const c = latestByDigest(candidate.datasetMetrics ?? [], metric);
  const b = latestByDigest(baseline.datasetMetrics ?? [], metric);
  if (c.size > 0 && b.size > 0) {
    const shared = [...c.keys()].filter((d) => b.has(d)).sort();
    const digest = shared[0];
    if (digest !== undefined) {
      const cm = c.get(digest) as DatasetMetric;
      const bm = b.get(digest) as DatasetMetric;
      return {
        comparability: {
          basis: "dataset-metrics",
          status: "same",
          candidate: [refOf(cm, candidate)],
          baseline: [refOf(bm, baseline)],
        },
        candidate: finite(cm.value),
        baseline: finite(bm.value),
      };
    }
    return {
      comparability: {
        basis: "dataset-metrics",
        status: "different",
        candidate: [...c.values()].map((m) => refOf(m, candidate)).sort(byNameThenDigest),
        baseline: [...b.values()].map((m) => refOf(m, baseline)).sort(byNameThenDigest),
      },
      candidate: finiteMetric(candidate.metrics, metric),
      baseline: finiteMetric(baseline.metrics, metric),
    };
  }
  const change = lineage.evaluation.change;
  return {
    comparability: {
      basis: "run-inputs",
      status: change === "same" ? "same" : change === "changed" ? "different" : "unverified",
      candidate: lineage.evaluation.candidate,
      baseline: lineage.evaluation.baseline ?? [],
    },
    candidate: finiteMetric(candidate.metrics, metric),
    baseline: finiteMetric(baseline.metrics, metric),
  };
}

/** Why two different evaluation datasets make the gate unjudgeable, naming both. */
export function differentDataReason(metric: string, comparability: GateComparability, label: string): string {
  const c = datasetsWords(comparability.candidate);
  const b = datasetsWords(comparability.baseline);
  return comparability.basis === "dataset-metrics"
    ? `not comparable: the candidate's ${metric} was computed on ${c} and ${label}'s on ${b}`
    : `not comparable: the candidate was evaluated on ${c} and ${label} on ${b}`;
}

/** Why comparability could not be verified: who recorded no evaluation data, or no digest. */
export function unverifiedWhy(lineage: DatasetLineage, label: string): string {
  const c = lineage.evaluation.candidate.length;
  const b = (lineage.evaluation.baseline ?? []).length;
  if (c === 0 && b === 0) return "neither run recorded evaluation data";
  if (c === 0) return "the candidate run recorded no evaluation data";
  if (b === 0) return `${runOf(label)} recorded no evaluation data`;
  return "the evaluation data was recorded without a digest";
}

/** Per dataset digest, the metric's latest value (highest step, then latest timestamp). */
function latestByDigest(metrics: readonly DatasetMetric[], key: string): Map<string, DatasetMetric> {
  const out = new Map<string, DatasetMetric>();
  for (const m of metrics) {
    if (m.key !== key || m.datasetDigest === "") continue;
    const seen = out.get(m.datasetDigest);
    if (!seen || m.step > seen.step || (m.step === seen.step && m.timestamp >= seen.timestamp))
      out.set(m.datasetDigest, m);
  }
  return out;
}

/** The metric's dataset, with the row count and context of the run input that has its digest. */
function refOf(metric: DatasetMetric, run: RunSummary): DatasetRef {
  const input = run.inputs.find((i) => i.digest === metric.datasetDigest);
  return {
    name: metric.datasetName ?? input?.name ?? "unnamed",
    digest: metric.datasetDigest,
    context: input?.context ?? null,
    rows: input?.rows ?? null,
  };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
