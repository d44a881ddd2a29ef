import { CompensatedSum } from "./compensated-sum.ts";
import { walkPooled } from "./pooled-walk.ts";

// First Wasserstein distance between two 1-D samples and Evidently's normed variant.

/**
 * W1 = ∫|U(t) − V(t)| dt, exactly as `scipy.stats.wasserstein_distance` (`_cdf_distance` with p = 1):
 * between consecutive pooled values both ECDFs are constant, so the integral is a sum of |U − V| · gap,
 * taken in one merge walk over the two sorted samples (no pooled array is built).
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  return walkPooled(a, b).wasserstein;
}

/** Population standard deviation (ddof = 0), two-pass like `numpy.std`. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) sum.add(values[i] as number);
  const mean = sum.value() / n;
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    squares.add(d * d);
  }
  return Math.sqrt(squares.value() / n);
}

/** Floor of the normalising std, as Evidently's `wasserstein_distance_norm` (max(std, 0.001)). */
export const WASSERSTEIN_STD_FLOOR = 0.001;

/** Evidently's normed Wasserstein: W1(reference, current) / max(std(reference), 0.001). */
export function normedWasserstein(reference: Float64Array, current: Float64Array): number {
  return wassersteinDistance(reference, current) / Math.max(populationStd(reference), WASSERSTEIN_STD_FLOOR);
}
