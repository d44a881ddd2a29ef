import { CompensatedSum } from "./compensated-sum.ts";

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
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    if (i === 0 || v !== sorted[i - 1]) distinct++;
    sum.add(v);
  }
  const base = { count: n, missing: total - n, distinct };
  if (n === 0) return base;
  const mean = sum.value() / n;
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const d = (sorted[i] as number) - mean;
    squares.add(d * d);
  }
  return {
    ...base,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    mean,
    std: Math.sqrt(squares.value() / n),
  };
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
