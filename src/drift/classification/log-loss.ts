import { CompensatedSum } from "../compensated-sum.ts";

// Binary log loss as scikit-learn's `log_loss(y_true, p)` computes it for a 1-d probability of the
// positive label: the mean of −ln p over positives and −ln(1 − p) over negatives, each probability
// clipped to [eps, 1 − eps] with eps the float64 machine epsilon (scikit-learn ≥ 1.5).

const EPS = 2.220446049250313e-16;

const clip = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));

/** The loss over the rows given, or null when there is none or a probability is outside [0, 1]. */
export function logLoss(actual: Uint8Array, probability: Float64Array): number | null {
  if (actual.length === 0) return null;
  const sum = new CompensatedSum();
  for (let i = 0; i < actual.length; i++) {
    const p = probability[i] as number;
    if (!(p >= 0 && p <= 1)) return null;
    sum.add(-Math.log(actual[i] ? clip(p) : clip(1 - p)));
  }
  return sum.value() / actual.length;
}
