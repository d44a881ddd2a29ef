import { CompensatedSum } from "./compensated-sum.ts";
import { scaleExponent } from "./float-scale.ts";

/** What the report says about one sample of one column. */
export interface SampleSummary {
  /** Values used by the test (present and finite). */
  count: number;
  /** Cells that were empty, null, NaN or ±inf. */
  missing: number;
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  /** Population standard deviation (ddof = 0). */
  std?: number;
}

/** Summary of a sorted sample of finite numbers drawn from `total` cells. */
export function summariseNumbers(sorted: Float64Array, total: number): SampleSummary {
  const n = sorted.length;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const base = { count: n, missing: total - n, distinct };
  if (n === 0) return base;
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  return { ...base, min, max, ...meanAndStd(sorted, Math.max(Math.abs(min), Math.abs(max))) };
}

/**
 * Mean and population standard deviation (ddof = 0), two-pass like `numpy.mean`/`numpy.std`. Values
 * whose squares or sums would overflow (|x| above 2^480, `largest` says) are scaled by a power of two
 * first, so a 1e300 outlier gives its true std (about 1e298 here) instead of NumPy's overflow to inf.
 */
export function meanAndStd(values: Float64Array, largest: number): { mean: number; std: number } {
  const n = values.length;
  const exponent = scaleExponent(largest);
  const factor = 2 ** -exponent;
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) sum.add((values[i] as number) * factor);
  const mean = sum.value() / n;
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) * factor - mean;
    squares.add(d * d);
  }
  const back = 2 ** exponent;
  return { mean: mean * back, std: Math.sqrt(squares.value() / n) * back };
}

/** Summary of a categorical sample from its per-category counts. */
export function summariseCodes(counts: Float64Array, missing: number): SampleSummary {
  let count = 0;
  let distinct = 0;
  for (const c of counts) {
    count += c;
    if (c > 0) distinct++;
  }
  return { count, missing, distinct };
}
