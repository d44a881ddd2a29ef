import {
  add,
  type DD,
  dd,
  div,
  floorDD,
  frexpDD,
  ldexp,
  ldexpDD,
  mul,
  sub,
  toNumber,
} from "./double-double.ts";

// Survival function of the one-sided Kolmogorov–Smirnov statistic D+ (Smirnov's distribution),
// `scipy.special.smirnov(n, x)`, which SciPy's `kstwo` uses as 2·smirnov where that is exact or accurate.
// A port of xsf's `_smirnov` (xsf/cephes/kolmogorov.h): the Birnbaum–Tingey sum, lower or upper form,
// terms in double-double with binomials and powers kept as (mantissa, exponent) pairs, same early exit.

const MINLOG = -708.3964185322641;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const SM_UPPER_MAX_TERMS = 3;
const SM_UPPERSUM_MIN_N = 10;
const SM_MAX_EXPONENT = 960;
const EPSILON = 2.220446049250313e-16;

/** a^m in double-double: pow of the high part, corrected for the low part (xsf `pow_D`). */
function powD(a: DD, m: number): DD {
  if (m <= 0) return m === 0 ? dd(1) : div(dd(1), powD(a, -m));
  if (a.hi === 0) return dd(0);
  const ans = a.hi ** m;
  const r = a.lo / a.hi;
  let adj = m * r;
  if (Math.abs(adj) > 1e-8) {
    if (Math.abs(adj) < 1e-4) adj += m * r * (((m - 1) / 2) * r);
    else adj = Math.expm1(m * Math.log1p(r));
  }
  return add(dd(ans), mul(dd(ans), dd(adj)));
}

/** xsf `nextPowerOf2`, literally. */
function nextPowerOf2(x: number): number {
  const q = ldexp(x, 1 - 53);
  let L = Math.abs(q + x);
  if (L === 0) L = Math.abs(x);
  else if (Math.trunc(L) === L) L = Math.trunc(L);
  return L;
}

/** a^m as (significand, exponent), splitting large m so nothing underflows (xsf `pow2Scaled_D`). */
function pow2Scaled(a: DD, m: number): [DD, number] {
  if (m <= 0) {
    if (m === 0) return [dd(1), 0];
    const [ans, aE1] = pow2Scaled(a, -m);
    const [inv, aE2] = frexpDD(div(dd(1), ans));
    return [inv, -aE1 + aE2];
  }
  const [y, yE] = frexpDD(a);
  if (m === 1) return [y, yE];
  let maxExpt = SM_MAX_EXPONENT;
  if ((m * (y.hi - 1)) / y.hi < -SM_MAX_EXPONENT * Math.LN2) {
    const lg2y = Math.log(y.hi) / Math.LN2;
    if (m * lg2y <= -SM_MAX_EXPONENT) maxExpt = Math.trunc(nextPowerOf2(-SM_MAX_EXPONENT / lg2y + 1) / 2);
  }
  if (m <= maxExpt) {
    const [ans, ansE] = frexpDD(powD(y, m));
    return [ans, ansE + m * yE];
  }
  const q = Math.trunc(m / maxExpt);
  const r = m % maxExpt;
  const [y2r, y2rE] = pow2Scaled(y, r);
  const [y2m, y2mE] = pow2Scaled(y, maxExpt);
  const [y2mq, y2mqE] = pow2Scaled(y2m, q);
  const [ans, ansE] = frexpDD(mul(y2r, y2mq));
  return [ans, ansE + y2mqE + y2mE * q + y2rE + m * yE];
}

/** P(D+_n > x). */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  // floor(n·x) and its remainder, exactly (xsf `modNX`).
  const nxD = mul(dd(n), dd(x));
  const nxFloorD = floorDD(nxD);
  let alpha = sub(nxD, nxFloorD).hi;
  let nxfl = Math.trunc(toNumber(nxFloorD));
  if (alpha === 1) {
    nxfl += 1;
    alpha = 0;
  }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) return 1 - x * toNumber(powD(add(dd(1), dd(x)), n - 1));
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return toNumber(powD(add(dd(1), dd(-x)), n));
  if (n > SMIRNOV_MAX_COMPUTE_N) {
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
  let sum = useUpper ? powD(add(dd(1), dd(x)), n - 1) : div(powD(add(dd(1), dd(-x)), n), dd(x));
  // C(n, j) as a double-double significand and an integer exponent.
  let [cMan, cExp] = frexpDD(dd(n));
  const vmid = Math.floor(n / 2);
  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step;
    const [t2, t2E] = pow2Scaled(sub(div(dd(n - v), dd(n)), dd(x)), n - v);
    const [t1, t1E] = pow2Scaled(add(div(dd(v), dd(n)), dd(x)), v - 1);
    const term = ldexpDD(mul(mul(t1, t2), cMan), cExp + t1E + t2E);
    const a = toNumber(term);
    if (Number.isFinite(a) && a !== 0) sum = add(sum, term);
    if (a !== 0) {
      if (4 * (nTerms - j) * Math.abs(a) < EPSILON * toNumber(sum) && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    const [man, e] = frexpDD(mul(cMan, div(dd(n - j), dd(j + 1))));
    cMan = man;
    cExp += e;
  }
  const prob = toNumber(mul(dd(x), sum));
  const sf = step < 0 ? 1 - prob : prob;
  return Math.min(1, Math.max(0, sf));
}
