import { outerProbInside, probOutsideSquare } from "./ks-exact.ts";
import { kstwoSf } from "./kstwo.ts";
import { roundHalfEven } from "./round-half-even.ts";

// Two-sample Kolmogorov–Smirnov test, two-sided, as `scipy.stats.ks_2samp(method="auto")`: exact
// p-value when both samples have at most 10,000 values, otherwise the finite-n Kolmogorov distribution
// `kstwo.sf(D, round(n1·n2/(n1+n2)))` — never the limiting kstwobign formula.

/** SciPy's MAX_AUTO_N: above this, "auto" switches from the exact to the asymptotic p-value. */
export const KS_MAX_EXACT_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  method: "exact" | "asymp";
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * D = max |F1 − F2| over the pooled values, walking both sorted samples once. Both ECDFs are
 * right-continuous (SciPy evaluates searchsorted(side="right") at every pooled point), so ties advance
 * both pointers before the difference is taken.
 */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = 0;
  let minS = 0;
  while (i < n1 || j < n2) {
    const va = i < n1 ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const vb = j < n2 ? (b[j] as number) : Number.POSITIVE_INFINITY;
    const v = Math.min(va, vb);
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  return Math.max(maxS, Math.min(-minS, 1));
}

/** Both arguments must be sorted ascending, finite and non-empty. */
export function ksTwoSample(a: Float64Array, b: Float64Array): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  let d = ksStatistic(a, b);
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm; // SciPy re-quantises D onto the lattice and reports that value.
    if (h === 0) return { statistic: d, pValue: 1, method: "exact" };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
    // An overflowed or out-of-range exact result falls back to the asymptotic p-value, as SciPy does.
    if (Number.isFinite(p) && p >= 0 && p <= 1) return { statistic: d, pValue: p, method: "exact" };
  }
  const en = roundHalfEven((Math.max(n1, n2) * Math.min(n1, n2)) / (n1 + n2));
  const p = kstwoSf(d, en);
  return { statistic: d, pValue: Math.min(1, Math.max(0, p)), method: "asymp" };
}
