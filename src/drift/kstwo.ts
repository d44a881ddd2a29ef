import { kolmogorovDurbinCdf } from "./kstwo-durbin.ts";
import { kolmogorovPelzGoodCdf } from "./kstwo-pelz-good.ts";
import { kolmogorovPomeranzCdf } from "./kstwo-pomeranz.ts";
import { smirnovSf } from "./smirnov.ts";

// Survival function of the finite-n two-sided Kolmogorov distribution, `scipy.stats.kstwo.sf(x, n)`.
// Follows SciPy's `_kolmogn` (scipy/stats/_ksstats.py; Simard & L'Ecuyer 2011) branch for branch:
// Ruben–Gambino closed forms at both ends, 2·smirnov where that is exact or accurate, Durbin's matrix
// or Pomeranz's recursion for n <= 140, Durbin or Pelz–Good above.

const LOG_2PI = Math.log(2 * Math.PI);
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** ln(n! / n^n) by Stirling's series (SciPy `_log_nfactorial_div_n_pow_n`). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** Pr(D_n > x) for integer n >= 1. */
export function kstwoSf(x: number, n: number): number {
  if (Number.isNaN(n) || Number.isNaN(x)) return Number.NaN;
  if (!Number.isInteger(n) || n <= 0) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - clip(kolmogorovDurbinCdf(n, x)));
    if (nxSquared <= 4) return clip(1 - clip(kolmogorovPomeranzCdf(n, x)));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  let cdf: number;
  if (nxSquared >= 18) cdf = 1;
  else if (n <= 100_000 && n * x ** 1.5 <= 1.4) cdf = clip(kolmogorovDurbinCdf(n, x));
  else cdf = kolmogorovPelzGoodCdf(n, x);
  return clip(1 - cdf);
}
