// Exact two-sided p-values of the two-sample Kolmogorov–Smirnov statistic, as SciPy's `ks_2samp`
// computes them when method="exact" (scipy/stats/_stats_py.py `_attempt_exact_2kssamp`).

/**
 * Pr(D_{n,n} >= h/n) for equal sample sizes (SciPy `_compute_prob_outside_square`): the alternating
 * reflection sum 2·Σ(−1)^(k−1)·C(2n, n−kh)/C(2n, n), evaluated in Horner form to avoid cancellation.
 */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k -= 1;
  }
  return 2 * P;
}

/**
 * 1 − Pr(|x/m − y/n| < h/lcm along the lattice path) for unequal sizes (SciPy
 * `_compute_outer_prob_inside_method`, Hodges' inside method with Viehmann's recursion for 1 − p that
 * keeps every entry in [0, 1]). Only one sliding column of the lattice is kept.
 */
export function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((A[jj + minj - lastminj] as number) * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1] as number;
}
