import { linspace } from "../histogram.ts";
import { sortFloat64 } from "../sort.ts";

// Bins for a numeric column's chart, chosen so both samples' shapes can be read: one bar per value for
// a few whole numbers, whole-number ranges for wider integer data, logarithmic bins for a skewed
// positive column spanning orders of magnitude, the reference's deciles for another skewed column
// (each reference bar then holds a tenth, and the current bars show where the mass moved), and ten
// equal-width bins otherwise. Counts follow NumPy's histogram: [a, b) bins, the last one closed. The
// samples need not be sorted: only the decile bins sort (a copy of) the reference.

export const CHART_BINS = 10;
/** At most this many whole numbers get one bar each. */
export const MAX_INTEGER_BARS = 20;
/** |Fisher–Pearson skewness| above this counts as skewed (the usual "highly skewed" bound). */
export const SKEWED = 1;
/** A skewed positive column spanning at least this ratio gets logarithmic bins. */
export const LOG_SPAN = 20;

export type BinScale = "integer" | "linear" | "log" | "quantile";

export interface NumericBins {
  scale: BinScale;
  edges: number[];
  labels: string[];
  reference: number[];
  current: number[];
}

/** Three significant digits, plain: bin edges as a reader wants them. */
export function edgeText(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** Fisher–Pearson skewness g1 = m3 / m2^1.5 (0 for fewer than three values or no spread). */
export function skewness(values: Float64Array): number {
  const n = values.length;
  if (n < 3) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  for (const v of values) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / m2 ** 1.5 : 0;
}

/** NumPy's default (linear) quantile of sorted data. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (pos - lo) * (b - a);
}

/**
 * `numpy.histogram(x, edges)[0]` for any order of x: bins [e_i, e_{i+1}), the last one closed, values
 * outside [e_0, e_last] not counted; each value's bin found by binary search over the edges.
 */
export function histogramCounts(values: Float64Array, edges: Float64Array): number[] {
  const bins = edges.length - 1;
  const counts: number[] = new Array(bins).fill(0);
  const first = edges[0] as number;
  const last = edges[bins] as number;
  for (const v of values) {
    if (!(v >= first && v <= last)) continue;
    // The last edge ≤ v among e_0 … e_{bins−1}: v = e_last falls in the last, closed bin.
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((edges[mid] as number) <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return counts;
}

function counted(
  scale: BinScale,
  edges: Float64Array,
  labels: string[],
  ref: Float64Array,
  cur: Float64Array,
): NumericBins {
  return {
    scale,
    edges: Array.from(edges),
    labels,
    reference: histogramCounts(ref, edges),
    current: histogramCounts(cur, edges),
  };
}

function extent(values: Float64Array, into: { min: number; max: number; whole: boolean }): void {
  for (const v of values) {
    if (v < into.min) into.min = v;
    if (v > into.max) into.max = v;
    if (into.whole && !Number.isInteger(v)) into.whole = false;
  }
}

function rangeLabels(edges: Float64Array): string[] {
  return Array.from(
    { length: edges.length - 1 },
    (_, i) => `${edgeText(edges[i] as number)}–${edgeText(edges[i + 1] as number)}`,
  );
}

function integerBins(min: number, max: number, ref: Float64Array, cur: Float64Array): NumericBins {
  const span = max - min + 1;
  const width = span <= MAX_INTEGER_BARS ? 1 : Math.ceil(span / CHART_BINS);
  const bins = Math.ceil(span / width);
  // Half-integer edges: each bar holds the whole numbers min + i·width … min + (i+1)·width − 1.
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => min - 0.5 + i * width);
  const labels = Array.from({ length: bins }, (_, i) => {
    const a = min + i * width;
    const b = Math.min(a + width - 1, max);
    return a === b ? String(a) : `${a}–${b}`;
  });
  return counted("integer", edges, labels, ref, cur);
}

/** The chart bins of two samples of finite numbers, in any order (at least one value between them). */
export function numericBins(ref: Float64Array, cur: Float64Array): NumericBins {
  const seen = { min: Infinity, max: -Infinity, whole: true };
  extent(ref, seen);
  extent(cur, seen);
  let { min, max } = seen;
  if (seen.whole && max - min < 1e9) return integerBins(min, max, ref, cur);
  const basis = ref.length >= 3 ? ref : cur;
  if (Math.abs(skewness(basis)) > SKEWED && min !== max) {
    if (min > 0 && max / min >= LOG_SPAN) {
      const edges = linspace(Math.log(min), Math.log(max), CHART_BINS + 1).map(Math.exp);
      edges[0] = min;
      edges[CHART_BINS] = max;
      return counted("log", edges, rangeLabels(edges), ref, cur);
    }
    const sorted = sortFloat64(Float64Array.from(basis));
    const deciles = [
      ...new Set(Array.from({ length: CHART_BINS + 1 }, (_, i) => quantileSorted(sorted, i / CHART_BINS))),
    ];
    if (deciles.length >= 3) {
      deciles[0] = min;
      deciles[deciles.length - 1] = max;
      const edges = Float64Array.from(deciles).sort();
      return counted("quantile", edges, rangeLabels(edges), ref, cur);
    }
  }
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const edges = linspace(min, max, CHART_BINS + 1);
  return counted("linear", edges, rangeLabels(edges), ref, cur);
}
