import { type PooledWalk, walkPooled } from "./pooled-walk.ts";
import { meanAndStd } from "./summary.ts";

// First Wasserstein distance between two 1-D samples and Evidently's normed variant.

/**
 * W1 = ∫|U(t) − V(t)| dt, exactly as `scipy.stats.wasserstein_distance` (`_cdf_distance` with p = 1):
 * between consecutive pooled values both ECDFs are constant, so the integral is a sum of |U − V| · gap,
 * taken in one merge walk over the two sorted samples (no pooled array is built).
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  return walkPooled(a, b).wasserstein;
}

/** Population standard deviation (ddof = 0), two-pass like `numpy.std`, without overflow. */
export function populationStd(values: Float64Array): number {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  return meanAndStd(values, largest).std;
}

/** Floor of the normalising std, as Evidently's `wasserstein_distance_norm` (max(std, 0.001)). */
export const WASSERSTEIN_STD_FLOOR = 0.001;

/**
 * Evidently's normed Wasserstein, W1 / max(std(reference), 0.001), taken from a pooled walk: the ratio is
 * formed from the scaled distance and the std scaled alike, so it is finite whenever the score is.
 */
export function normedWassersteinScore(walk: PooledWalk, referenceStd: number): number {
  const factor = 2 ** -walk.scaleExponent;
  return walk.scaledWasserstein / Math.max(referenceStd * factor, WASSERSTEIN_STD_FLOOR * factor);
}

/** Evidently's normed Wasserstein: W1(reference, current) / max(std(reference), 0.001). */
export function normedWasserstein(reference: Float64Array, current: Float64Array): number {
  return normedWassersteinScore(walkPooled(reference, current), populationStd(reference));
}
