import type { ModelGate } from "../manifests/schemas/model.ts";
import type { DataVersion } from "./data-version.ts";

/**
 * One dataset a run logged as an input (MLflow `inputs.dataset_inputs[]`): its name, its content
 * digest, the `mlflow.data.context` tag it was logged with, and its row count when MLflow profiled it.
 */
export interface DatasetRef {
  name: string;
  /** MLflow's content digest; null when none was recorded (an unknown digest is never "different"). */
  digest: string | null;
  /** The input's `mlflow.data.context` tag as logged ("training", "evaluation", …); null when untagged. */
  context: string | null;
  /** Rows, from the dataset's profile (`num_rows`) when MLflow recorded one. */
  rows: number | null;
  /** The Delta table version or DVC content hash the source names, when it names one. */
  version?: DataVersion;
}

/**
 * A metric MLflow 3 recorded with the dataset it was computed on: the logged model's metrics and a
 * model version's `model_metrics` carry `dataset_name` and `dataset_digest`.
 */
export interface DatasetMetric {
  key: string;
  value: number;
  datasetName: string | null;
  datasetDigest: string;
  step: number;
  timestamp: number;
}

/** What the comparison needs of one MLflow run; the tracker adapter fills it, tests write it by hand. */
export interface RunSummary {
  runId: string;
  /** MLflow experiment id (not its name): it is what the tracking UI's run links are built from. */
  experiment?: string;
  metrics: Record<string, number>;
  params: Record<string, string>;
  /** The datasets the run logged as inputs, whatever their context. */
  inputs: DatasetRef[];
  /** MLflow 3: the registered logged model's metrics that name their dataset (the precise form). */
  datasetMetrics?: DatasetMetric[];
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
  /** What the baseline is, in the column head and the reasons: "production" unless named with --against. */
  baselineLabel?: string;
  /** The repository's `policy.evidence` from the default branch's `.slipway.yml`. */
  policy?: { requireEvaluationData?: boolean };
}

export type GateVerdict = "pass" | "fail" | "missing-metric" | "not-comparable" | "skipped";
export type Goal = ModelGate["goal"];

/**
 * How a relative gate's two values were shown to come from the same evaluation data:
 * `dataset-metrics` — MLflow 3 recorded this metric with its dataset on both sides (the precise form);
 * `run-inputs` — the runs' evaluation inputs (`mlflow.data.context` evaluation, validation, test…).
 */
export interface GateComparability {
  basis: "dataset-metrics" | "run-inputs";
  /** `unverified`: at least one side recorded no evaluation data, so the numbers were judged alone. */
  status: "same" | "different" | "unverified";
  candidate: DatasetRef[];
  baseline: DatasetRef[];
}

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
  /** Plain sentences, one per bound that did not pass or was not evaluated, and comparability notes. */
  reasons: string[];
  /** How the relative part's evaluation data was matched; null for absolute gates and first deployments. */
  comparability: GateComparability | null;
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

/** `unknown` when either side recorded none of this data, or recorded it without a digest. */
export type DataChange = "same" | "changed" | "unknown";

export interface DataLineage {
  candidate: DatasetRef[];
  /** null on a first deployment. */
  baseline: DatasetRef[] | null;
  /** null on a first deployment. */
  change: DataChange | null;
}

/**
 * The data each run logged, by role. Training data differs on every retrain by design: it is lineage,
 * never a reason to refuse. Evaluation data is what relative gates are judged on.
 */
export interface DatasetLineage {
  training: DataLineage;
  evaluation: DataLineage & {
    /** Untagged inputs taken as evaluation data because they were the run's only inputs. */
    untagged: { candidate: boolean; baseline: boolean };
  };
  /** Inputs of another context ("inference", …), or untagged beside tagged ones: shown, never compared. */
  other: { candidate: DatasetRef[]; baseline: DatasetRef[] | null };
}

/** Something a reviewer must see even when the gates pass. */
export interface ComparisonWarning {
  code: "comparability-unverified" | "evaluation-data-required";
  message: string;
  /** The line of MLflow code that records the missing evaluation data. */
  remedy: string;
}

export interface Comparison {
  verdict: "pass" | "fail";
  /** Why the overall verdict is what it is, in plain words. */
  reasons: string[];
  firstDeployment: boolean;
  baselineSource: BaselineSource;
  baselineNote: string | null;
  /** What the baseline column is: "production", or "version 6" / "run 8c1d2e3f" with --against. */
  baselineLabel: string;
  candidateRun: { runId: string; experiment: string | null };
  baselineRun: { runId: string; experiment: string | null } | null;
  gates: GateResult[];
  /** Metrics logged by both runs that no gate names: shown, never judged. */
  otherMetrics: MetricDelta[];
  params: ParamChange[];
  lineage: DatasetLineage;
  warnings: ComparisonWarning[];
  /** `policy.evidence.requireEvaluationData` as it applied. */
  requireEvaluationData: boolean;
}
