import type { DiscreteCounts } from "./discrete-counts.ts";
import { chiSquareSurvival } from "./gamma.ts";

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  df: number;
}

/**
 * Evidently's `chisquare` stat test: a goodness-of-fit test of the current counts against the reference
 * counts scaled to the current size (f_exp = ref · n_cur / n_ref), keys sorted; df = k − 1. It is
 * `scipy.stats.chisquare(f_obs, f_exp)`, not a contingency test: a value seen only in the current sample
 * has f_exp = 0, so the statistic is +inf and p = 0.
 *
 * Both samples holding one and the same single value have nothing to test (df = 0): SciPy answers a NaN
 * p-value there, which Evidently reads as "no drift"; Slipway says p = 1, as the Z test does, because a
 * score that is not a number fails its column (issue #16).
 */
export function chiSquareTest(counts: DiscreteCounts): ChiSquareResult {
  let nRef = 0;
  let nCur = 0;
  for (const v of counts.reference) nRef += v;
  for (const v of counts.current) nCur += v;
  const kNorm = nCur / nRef;
  let statistic = 0;
  for (let k = 0; k < counts.keys.length; k++) {
    const expected = (counts.reference[k] as number) * kNorm;
    const diff = (counts.current[k] as number) - expected;
    statistic += (diff * diff) / expected;
  }
  const df = counts.keys.length - 1;
  if (df === 0) return { statistic: 0, pValue: 1, df };
  const pValue = statistic === Number.POSITIVE_INFINITY ? 0 : chiSquareSurvival(statistic, df);
  return { statistic, pValue, df };
}
