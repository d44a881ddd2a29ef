import type { BinnedShares } from "./binned-shares.ts";
import { fillZeroShares } from "./binned-shares.ts";

/**
 * Kullback–Leibler divergence KL(reference ‖ current), Evidently's `kl_div`: `scipy.stats.entropy` of
 * the zero-filled shares, which renormalises both to sum 1 and uses the natural log.
 */
export function klDivergence(shares: BinnedShares): number {
  const p = normalise(fillZeroShares(shares.reference));
  const q = normalise(fillZeroShares(shares.current));
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    if (pi > 0) total += pi * Math.log(pi / qi); // scipy.special.rel_entr(0, q) = 0
  }
  return total;
}

export function normalise(values: Float64Array): Float64Array {
  let sum = 0;
  for (const v of values) sum += v;
  return values.map((v) => v / sum);
}
