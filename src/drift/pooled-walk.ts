// One merge walk over two sorted samples that yields what the default numeric path needs: the number of
// distinct pooled values (Evidently's test selection input) and the first Wasserstein distance
// (`scipy.stats.wasserstein_distance`), so a million-row column is walked once instead of twice.

export interface PooledWalk {
  distinct: number;
  /** ∫|U − V| between the two empirical CDFs, summed with Neumaier compensation. */
  wasserstein: number;
}

/** Both arguments sorted ascending, finite; either may be empty. */
export function walkPooled(a: Float64Array, b: Float64Array): PooledWalk {
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
      const term = Math.abs(i / n1 - j / n2) * (v - previous);
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    previous = v;
    distinct++;
  }
  return { distinct, wasserstein: sum + compensation };
}
