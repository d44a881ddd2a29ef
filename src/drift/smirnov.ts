// Survival function of the one-sided Kolmogorov–Smirnov statistic D+ (Smirnov's distribution), the
// closed form `scipy.special.smirnov(n, x)` that SciPy's `kstwo` uses where 2·smirnov is exact or
// accurate (`_kolmogn`). Mirrors the branch structure of Cephes/xsf `_smirnov` (Birnbaum–Tingey sum,
// lower or upper form, same early-termination rule); terms are evaluated in logs with a running log
// binomial instead of double-double arithmetic, which keeps the relative error near 1e-12.

const MINLOG = -708.3964185322641;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const SM_UPPER_MAX_TERMS = 3;
const SM_UPPERSUM_MIN_N = 10;
const EPSILON = 2.220446049250313e-16;

/** (1 + x)^m computed as exp(m·log1p(x)) so that large m keeps its precision. */
function powOnePlus(x: number, m: number): number {
  return Math.exp(m * Math.log1p(x));
}

/** One Birnbaum–Tingey term C(n,v)·(1 − x − v/n)^(n−v)·(x + v/n)^(v−1), from ln C(n,v). */
function term(n: number, x: number, v: number, logBinomial: number): number {
  const t2x = (n - v) / n - x;
  const t1x = v / n + x;
  const p2 = n - v;
  if (t2x === 0) return p2 === 0 ? Math.exp(logBinomial + (v - 1) * Math.log(t1x)) : 0;
  // log1p keeps ln(1 − x − v/n) accurate when it is multiplied by a large exponent n − v.
  const logT2 = t2x > 0.5 ? Math.log1p(-t1x) : Math.log(Math.abs(t2x));
  const log = logBinomial + p2 * logT2 + (v - 1) * Math.log(t1x);
  const sign = t2x < 0 && p2 % 2 === 1 ? -1 : 1;
  return sign * Math.exp(log);
}

/** P(D+_n > x). */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const nxfl = Math.floor(nx);
  const alpha = nx - nxfl;
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) return 1 - x * powOnePlus(x, n - 1);
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return powOnePlus(-x, n);
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    // p ~ exp(-(6nx+1)^2 / 18n), as xsf does beyond its compute limit.
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  const nUpperTerms = n - n1mxceil + 1;
  const useUpper =
    (nUpperTerms <= 1 && x < 0.5) ||
    (n >= SM_UPPERSUM_MIN_N && nUpperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n));
  const start = useUpper ? n : 0;
  const step = useUpper ? -1 : 1;
  const nTerms = useUpper ? n - n1mxceil + 1 : n1mxfl + 1;
  // The first term has a closed form in both directions.
  let sum = useUpper ? powOnePlus(x, n - 1) : powOnePlus(-x, n) / x;
  let logBinomial = Math.log(n); // ln C(n, 1)
  const vmid = Math.floor(n / 2);
  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step;
    const a = term(n, x, v, logBinomial);
    if (Number.isFinite(a) && a !== 0) sum += a;
    if (a !== 0) {
      if (4 * (nTerms - j) * Math.abs(a) < EPSILON * sum && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    logBinomial += Math.log((n - j) / (j + 1));
  }
  const prob = x * sum;
  const sf = step < 0 ? 1 - prob : prob;
  return Math.min(1, Math.max(0, sf));
}
