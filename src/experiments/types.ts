import type { ModelGate } from "../manifests/schemas/model.ts";

/** What the comparison needs of one MLflow run; the tracker adapter fills it, tests write it by hand. */
export interface RunSummary {
  runId: string;
  /** MLflow experiment id (not its name): it is what the tracking UI's run links are built from. */
  experiment?: string;
  metrics: Record<string, number>;
  params: Record<string, string>;
  /** Digests of the run's logged input datasets (MLflow `inputs.dataset_inputs[].dataset.digest`). */
  datasetDigests: string[];
  datasetNames?: string[];
}

/**
 * Where the baseline came from: the last deploy record first, then the version the default branch
 * declares (git), the registry's alias or stage holder otherwise; `against` when a reviewer named one.
 */
export type BaselineSource = "deploy-record" | "git" | "alias" | "stage" | "against" | "none";

export interface ComparisonInput {
  candidate: RunSummary;
  baseline?: RunSummary;
  gates: readonly ModelGate[];
  baselineSource: BaselineSource;
  /** Said when git and the last deploy disagree with the registry's alias or stage holder. */
  baselineNote?: string;
}

export type GateVerdict = "pass" | "fail" | "missing-metric" | "not-comparable" | "skipped";
export type Goal = ModelGate["goal"];

export interface GateResult {
  gate: ModelGate;
  metric: string;
  goal: Goal;
  /** null when there is no baseline or its value is missing or not finite. */
  baseline: number | null;
  candidate: number | null;
  /** candidate − baseline; null unless both are finite. */
  delta: number | null;
  /** delta / |baseline|; null when the baseline is 0 or missing. */
  relativeDelta: number | null;
  verdict: GateVerdict;
  /** Plain sentences, one per bound that did not pass or was not evaluated. */
  reasons: string[];
}

export interface MetricDelta {
  metric: string;
  baseline: number;
  candidate: number;
  delta: number;
  relativeDelta: number | null;
}

export interface ParamChange {
  name: string;
  change: "added" | "removed" | "changed";
  baseline: string | null;
  candidate: string | null;
}

export interface DatasetLineage {
  candidate: { names: string[]; digests: string[] };
  baseline: { names: string[]; digests: string[] } | null;
  /** null on a first deployment; false also when either run logged no digest. */
  sameDigests: boolean | null;
}

export interface Comparison {
  verdict: "pass" | "fail";
  /** Why the overall verdict is what it is, in plain words. */
  reasons: string[];
  firstDeployment: boolean;
  baselineSource: BaselineSource;
  baselineNote: string | null;
  candidateRun: { runId: string; experiment: string | null };
  baselineRun: { runId: string; experiment: string | null } | null;
  gates: GateResult[];
  /** Metrics logged by both runs that no gate names: shown, never judged. */
  otherMetrics: MetricDelta[];
  params: ParamChange[];
  lineage: DatasetLineage;
}
