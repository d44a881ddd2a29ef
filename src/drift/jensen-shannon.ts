import type { BinnedShares } from "./binned-shares.ts";
import { normalise } from "./kl.ts";

/**
 * Jensen–Shannon distance with the natural log, `scipy.spatial.distance.jensenshannon(p, q)` as
 * Evidently calls it (no zero fill, base=None): sqrt((KL(p‖m) + KL(q‖m)) / 2), m = (p + q) / 2, after
 * normalising p and q. Its maximum is sqrt(ln 2), not 1.
 */
export function jensenShannonDistance(shares: BinnedShares): number {
  const p = normalise(shares.reference);
  const q = normalise(shares.current);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    const m = (pi + qi) / 2;
    if (pi > 0) left += pi * Math.log(pi / m);
    if (qi > 0) right += qi * Math.log(qi / m);
  }
  return Math.sqrt((left + right) / 2);
}
