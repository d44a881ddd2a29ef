import { sortedScaleExponent } from "./float-scale.ts";

// One merge walk over two sorted samples that yields what the default numeric path needs: the number of
// distinct pooled values (Evidently's test selection input) and the first Wasserstein distance
// (`scipy.stats.wasserstein_distance`), so a million-row column is walked once instead of twice.

export interface PooledWalk {
  distinct: number;
  /**
   * ∫|U − V| between the two empirical CDFs, summed with Neumaier compensation; infinite only when the
   * distance itself is beyond float64 (samples at both ends of its range).
   */
  wasserstein: number;
  /** The same distance for the samples scaled by 2^-scaleExponent, always finite. */
  scaledWasserstein: number;
  /** 0 for ordinary data; k when values beyond 2^480 were scaled by 2^-k to keep the gaps finite. */
  scaleExponent: number;
}

/** Both arguments sorted ascending, finite; either may be empty. */
export function walkPooled(a: Float64Array, b: Float64Array): PooledWalk {
  // The gap between -1.79e308 and 1.79e308 overflows; scaled by 2^-k (exact) it does not.
  const scaleExponent = sortedScaleExponent(a, b);
  const factor = 2 ** -scaleExponent;
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let distinct = 0;
  let sum = 0;
  let compensation = 0;
  let previous = 0;
  while (i < n1 || j < n2) {
    const va = i < n1 ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const vb = j < n2 ? (b[j] as number) : Number.POSITIVE_INFINITY;
    const v = Math.min(va, vb);
    if (distinct > 0) {
      // Between the previous pooled value and v both ECDFs are constant (right-continuous); SciPy
      // evaluates them as count / size, so the same divisions are used here.
      const term = Math.abs(i / n1 - j / n2) * (v * factor - previous * factor);
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    previous = v;
    distinct++;
  }
  const scaledWasserstein = sum + compensation;
  return { distinct, wasserstein: scaledWasserstein * 2 ** scaleExponent, scaledWasserstein, scaleExponent };
}
