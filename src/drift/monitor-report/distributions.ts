import type { ColumnType, ColumnValues } from "../columns.ts";
import { finiteValues } from "../columns.ts";
import { compareCodePoints } from "../discrete-counts.ts";
import { valueCounts } from "../quality/category-changes.ts";
import { type BinScale, numericBins } from "./chart-bins.ts";

// Reference and current distributions of a column for charts, tested or not (issue #17, item 3):
// numerical columns in the bins of chart-bins.ts, categorical and text ones per value — the most
// frequent nine and the rest as "(other)". Counts are of each sample's present values; shares are
// those counts over the sample's present values.

export { CHART_BINS, edgeText } from "./chart-bins.ts";
export const CHART_CATEGORIES = 9;
export const OTHER_LABEL = "(other)";

export interface ColumnDistribution {
  name: string;
  type: ColumnType;
  /** True for numeric bins, false for one bar per category. */
  binned: boolean;
  /** How the bins were cut; `categories` for one bar per value. */
  scale: BinScale | "categories";
  labels: string[];
  /** Bin edges (one more than labels) for numeric bins; null for categories. */
  edges: number[] | null;
  reference: number[];
  current: number[];
  counts: { reference: number[]; current: number[] };
  /** Present values of each sample (the shares' denominators). */
  totals: { reference: number; current: number };
  /** Categories: the distinct values of both samples together (more than the bars when `(other)` is one); null for bins. */
  distinct: number | null;
}

function shares(counts: readonly number[], total: number): number[] {
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

function binned(
  name: string,
  type: ColumnType,
  ref: Float64Array,
  cur: Float64Array,
): ColumnDistribution | null {
  const r = finiteValues(ref);
  const c = finiteValues(cur);
  if (r.length + c.length === 0) return null;
  const bins = numericBins(r, c);
  return {
    name,
    type,
    binned: true,
    scale: bins.scale,
    labels: bins.labels,
    edges: bins.edges,
    reference: shares(bins.reference, r.length),
    current: shares(bins.current, c.length),
    counts: { reference: bins.reference, current: bins.current },
    totals: { reference: r.length, current: c.length },
    distinct: null,
  };
}

function categorical(
  name: string,
  type: ColumnType,
  ref: ColumnValues,
  cur: ColumnValues,
): ColumnDistribution {
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
  const top = keys.length > CHART_CATEGORIES + 1 ? keys.slice(0, CHART_CATEGORIES) : keys;
  const rest = keys.slice(top.length);
  // Numbers used as categories (a few whole numbers) read best in numeric order: integer-aligned bars.
  const shown = ref.kind === "number" ? [...top].sort((a, b) => Number(a) - Number(b)) : top;
  const labels = [...shown];
  const refCounts = shown.map((k) => r.get(k) ?? 0);
  const curCounts = shown.map((k) => c.get(k) ?? 0);
  if (rest.length > 0) {
    labels.push(OTHER_LABEL);
    refCounts.push(rest.reduce((s, k) => s + (r.get(k) ?? 0), 0));
    curCounts.push(rest.reduce((s, k) => s + (c.get(k) ?? 0), 0));
  }
  return {
    name,
    type,
    binned: false,
    scale: "categories",
    labels,
    edges: null,
    reference: shares(refCounts, rn),
    current: shares(curCounts, cn),
    counts: { reference: refCounts, current: curCounts },
    totals: { reference: rn, current: cn },
    distinct: keys.length,
  };
}

/**
 * The distribution pair of a column; null when the two samples hold different kinds of values (a
 * retyped column) or a numeric column has no finite value.
 */
export function columnDistribution(
  name: string,
  type: ColumnType,
  reference: ColumnValues,
  current: ColumnValues,
): ColumnDistribution | null {
  if (reference.kind !== current.kind) return null;
  if (type === "numerical" && reference.kind === "number" && current.kind === "number")
    return binned(name, type, reference.values, current.values);
  return categorical(name, type, reference, current);
}
