import type { DiscreteCounts } from "./discrete-counts.ts";
import { normalCdf } from "./normal.ts";

export interface ZTestResult {
  statistic: number;
  pValue: number;
}

/**
 * Evidently's `z` stat test: pooled two-proportion Z-test. The first key in sorted order maps to 0 and
 * every other key to 1; p = 2·(1 − Φ(|z|)). When both samples hold one and the same value the p-value
 * is 1 (Evidently's special case; the pooled variance would be 0).
 */
export function zTest(counts: DiscreteCounts): ZTestResult {
  const k = counts.keys.length;
  let n1 = 0;
  let n2 = 0;
  for (let i = 0; i < k; i++) {
    n1 += counts.reference[i] as number;
    n2 += counts.current[i] as number;
  }
  if (k === 1) return { statistic: 0, pValue: 1 };
  const p1 = (n1 - (counts.reference[0] as number)) / n1;
  const p2 = (n2 - (counts.current[0] as number)) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}
