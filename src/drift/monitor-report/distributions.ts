import type { ColumnType, ColumnValues } from "../columns.ts";
import { finiteValues } from "../columns.ts";
import { compareCodePoints } from "../discrete-counts.ts";
import { histogramSorted, linspace } from "../histogram.ts";
import { valueCounts } from "../quality/category-changes.ts";
import { sortFloat64 } from "../sort.ts";

// Reference and current distributions of a column for charts: numerical columns in ten equal-width
// bins over both samples' range (NumPy's edge rules), categorical ones per value, the most frequent
// nine and the rest as "other". Shares are of each sample's present values.

export const CHART_BINS = 10;
export const CHART_CATEGORIES = 9;
export const OTHER_LABEL = "(other)";

export interface ColumnDistribution {
  name: string;
  /** True for numeric bins, false for one bar per category. */
  binned: boolean;
  labels: string[];
  reference: number[];
  current: number[];
}

/** Three significant digits, plain: bin edges as a reader wants them. */
export function edgeText(x: number): string {
  return String(Number(x.toPrecision(3)));
}

function shares(counts: ArrayLike<number>, total: number): number[] {
  return Array.from(counts, (c) => (total === 0 ? 0 : c / total));
}

function binned(name: string, ref: Float64Array, cur: Float64Array): ColumnDistribution {
  const r = sortFloat64(finiteValues(ref));
  const c = sortFloat64(finiteValues(cur));
  let min = Math.min(r[0] ?? Infinity, c[0] ?? Infinity);
  let max = Math.max(r[r.length - 1] ?? -Infinity, c[c.length - 1] ?? -Infinity);
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const edges = linspace(min, max, CHART_BINS + 1);
  const labels = Array.from(
    { length: CHART_BINS },
    (_, i) => `${edgeText(edges[i] as number)}–${edgeText(edges[i + 1] as number)}`,
  );
  return {
    name,
    binned: true,
    labels,
    reference: shares(histogramSorted(r, edges), r.length),
    current: shares(histogramSorted(c, edges), c.length),
  };
}

function categorical(name: string, ref: ColumnValues, cur: ColumnValues): ColumnDistribution {
  const r = valueCounts(ref);
  const c = valueCounts(cur);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const rn = total(r);
  const cn = total(c);
  const share = (m: Map<string, number>, n: number, k: string) => (n === 0 ? 0 : (m.get(k) ?? 0) / n);
  const keys = [...new Set([...r.keys(), ...c.keys()])].sort(
    (a, b) =>
      share(r, rn, b) + share(c, cn, b) - (share(r, rn, a) + share(c, cn, a)) || compareCodePoints(a, b),
  );
  const shown = keys.length > CHART_CATEGORIES + 1 ? keys.slice(0, CHART_CATEGORIES) : keys;
  const rest = keys.slice(shown.length);
  const labels = [...shown];
  const refShares = shown.map((k) => share(r, rn, k));
  const curShares = shown.map((k) => share(c, cn, k));
  if (rest.length > 0) {
    labels.push(OTHER_LABEL);
    refShares.push(rest.reduce((s, k) => s + share(r, rn, k), 0));
    curShares.push(rest.reduce((s, k) => s + share(c, cn, k), 0));
  }
  return { name, binned: false, labels, reference: refShares, current: curShares };
}

/** The distribution pair of a tested column; null for text columns. */
export function columnDistribution(
  name: string,
  type: ColumnType,
  reference: ColumnValues,
  current: ColumnValues,
): ColumnDistribution | null {
  if (type === "text") return null;
  if (type === "numerical" && reference.kind === "number" && current.kind === "number")
    return binned(name, reference.values, current.values);
  return categorical(name, reference, current);
}
