import type { BinnedShares } from "./binned-shares.ts";
import { fillZeroShares } from "./binned-shares.ts";

/** Population Stability Index, Evidently's `psi`: Σ (ref − cur)·ln(ref / cur) over zero-filled shares. */
export function psi(shares: BinnedShares): number {
  const r = fillZeroShares(shares.reference);
  const c = fillZeroShares(shares.current);
  let total = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = r[i] as number;
    const ci = c[i] as number;
    total += (ri - ci) * Math.log(ri / ci);
  }
  return total;
}
