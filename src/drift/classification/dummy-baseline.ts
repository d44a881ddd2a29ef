import type { MetricName, Task } from "./metric-names.ts";

// What a model that knows nothing but the class shares of the current target scores, to judge a model
// when the reference has no labels (Evidently's default tests without a reference: each metric must
// beat its dummy model). Evidently draws random predictions with the class shares (a seeded NumPy
// draw); here the same dummy is taken at its expected value, so the baseline is deterministic:
// - accuracy: the constant majority class (max share) — the stronger of the two dummies;
// - precision, recall, F1: the prior (stratified) dummy, whose expected per-class value is the class's
//   share — binary: the positive share π; multiclass macro: 1 / (number of classes);
// - TPR and FPR: π; TNR and FNR: 1 − π (a random guess at the base rate);
// - ROC AUC: 0.5 (a constant score);
// - log loss: the prior's probabilities, π for every row: the entropy −π ln π − (1 − π) ln(1 − π).

export interface TargetShares {
  task: Task;
  /** Rows per class of the current target, among the rows used. */
  counts: readonly number[];
  /** Index of the positive class (binary), −1 when absent. */
  positive: number;
}

/** The dummy's value of each metric; null when it is undefined (an empty or one-class target). */
export function dummyBaseline(shares: TargetShares): Partial<Record<MetricName, number>> {
  const total = shares.counts.reduce((a, b) => a + b, 0);
  const present = shares.counts.filter((c) => c > 0);
  if (total === 0 || present.length < 2) return {};
  const majority = Math.max(...present) / total;
  if (shares.task === "multiclass") {
    const macro = 1 / present.length;
    return { accuracy: majority, precision: macro, recall: macro, f1: macro };
  }
  const pi = (shares.positive < 0 ? 0 : (shares.counts[shares.positive] ?? 0)) / total;
  return {
    accuracy: majority,
    precision: pi,
    recall: pi,
    f1: pi,
    tpr: pi,
    fpr: pi,
    tnr: 1 - pi,
    fnr: 1 - pi,
    rocAuc: 0.5,
    logLoss: -(pi * Math.log(pi) + (1 - pi) * Math.log(1 - pi)),
  };
}
