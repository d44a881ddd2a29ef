// The classification metrics a monitor computes and tests, as Evidently 0.7's ClassificationPreset
// lists them: accuracy, precision, recall and F1 for every task; ROC AUC and log loss when a score
// column is given; the four rates of a binary task. Each has the direction that is good for it.

export const METRIC_NAMES = [
  "accuracy",
  "precision",
  "recall",
  "f1",
  "rocAuc",
  "logLoss",
  "tpr",
  "tnr",
  "fpr",
  "fnr",
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

export type Goal = "higher" | "lower";

export interface MetricInfo {
  /** How people write it: `ROC AUC`, `FPR`. */
  label: string;
  goal: Goal;
  /** Needs the score column (a probability of the positive label, for log loss). */
  needsScore: boolean;
  /** Only defined for a binary task. */
  binaryOnly: boolean;
}

export const METRICS: Readonly<Record<MetricName, MetricInfo>> = {
  accuracy: { label: "accuracy", goal: "higher", needsScore: false, binaryOnly: false },
  precision: { label: "precision", goal: "higher", needsScore: false, binaryOnly: false },
  recall: { label: "recall", goal: "higher", needsScore: false, binaryOnly: false },
  f1: { label: "F1", goal: "higher", needsScore: false, binaryOnly: false },
  rocAuc: { label: "ROC AUC", goal: "higher", needsScore: true, binaryOnly: true },
  logLoss: { label: "log loss", goal: "lower", needsScore: true, binaryOnly: true },
  tpr: { label: "TPR", goal: "higher", needsScore: false, binaryOnly: true },
  tnr: { label: "TNR", goal: "higher", needsScore: false, binaryOnly: true },
  fpr: { label: "FPR", goal: "lower", needsScore: false, binaryOnly: true },
  fnr: { label: "FNR", goal: "lower", needsScore: false, binaryOnly: true },
};

export type Task = "binary" | "multiclass";

/** The metrics a task computes, in report order. */
export function metricsOf(task: Task, scored: boolean): MetricName[] {
  return METRIC_NAMES.filter(
    (m) => (task === "binary" || !METRICS[m].binaryOnly) && (scored || !METRICS[m].needsScore),
  );
}

export function isMetricName(name: string): name is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(name);
}
