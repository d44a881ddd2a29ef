import type { ColumnType, ColumnValues } from "../columns.ts";
import { CompensatedSum } from "../compensated-sum.ts";
import { scaleExponent } from "../float-scale.ts";
import { INTEGER_CARDINALITY_LIMIT, inferColumnType } from "../infer-type.ts";

// What one sample of one column looks like on its own: how many cells are missing, what its values
// are stored as, and the type the engine would infer from it alone.

/**
 * Storage type of a sample, as pandas would hold it: `integer` when every present value is a whole
 * number, `float` for other numbers, `text` for strings; `empty` when no cell has a value.
 */
export type Dtype = "integer" | "float" | "text" | "empty";

export interface NumericStats {
  min: number;
  max: number;
  mean: number;
}

export interface SampleProfile {
  rows: number;
  /** Empty, null, NaN or ±inf cells, as the drift engine counts them. */
  missing: number;
  /**
   * Distinct present values. Numbers are counted only as far as typing needs (a column of whole
   * numbers with at most INTEGER_CARDINALITY_LIMIT values is categorical): up to one past the limit,
   * and not at all once a fraction is seen — a set of a million floats per column is most of a
   * monitor run's time otherwise.
   */
  distinct: number;
  dtype: Dtype;
  /** The engine's type inference applied to this sample alone. */
  type: ColumnType;
  /** Min, max and mean of the finite values of a numeric sample with any. */
  numeric: NumericStats | null;
}

export function profileSample(values: ColumnValues): SampleProfile {
  if (values.kind === "string") {
    const used = new Uint8Array(values.dictionary.length);
    let present = 0;
    let distinct = 0;
    for (const code of values.codes) {
      if (code < 0) continue;
      present++;
      if (used[code] === 0) {
        used[code] = 1;
        distinct++;
      }
    }
    const type = inferColumnType(values, values, { count: present, distinct });
    const dtype: Dtype = present === 0 ? "empty" : "text";
    return {
      rows: values.codes.length,
      missing: values.codes.length - present,
      distinct,
      dtype,
      type,
      numeric: null,
    };
  }
  const seen = new Set<number>();
  const sum = new CompensatedSum();
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let whole = true;
  let present = 0;
  for (const v of values.values) {
    if (v - v !== 0) continue; // NaN and ±inf are missing
    present++;
    sum.add(v);
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && !Number.isInteger(v)) whole = false;
    if (whole && seen.size <= INTEGER_CARDINALITY_LIMIT) seen.add(v === 0 ? 0 : v); // −0 and +0 are one value
  }
  const type = inferColumnType(values, values, { count: present, distinct: seen.size });
  const dtype: Dtype = present === 0 ? "empty" : whole ? "integer" : "float";
  const numeric =
    present === 0 ? null : { min, max, mean: meanOf(values.values, sum.value(), present, min, max) };
  return {
    rows: values.values.length,
    missing: values.values.length - present,
    distinct: seen.size,
    dtype,
    type,
    numeric,
  };
}

/** Words for a sample's type in messages: `integer (categorical)`. */
export function describeType(p: { dtype: Dtype; type: ColumnType }): string {
  return p.dtype === "empty" ? "empty" : `${p.dtype} (${p.type})`;
}

/** The mean from the running sum, or, when the sum overflowed (values near ±1.8e308), from scaled values. */
function meanOf(values: Float64Array, sum: number, present: number, min: number, max: number): number {
  if (Number.isFinite(sum)) return sum / present;
  const factor = 2 ** -scaleExponent(Math.max(Math.abs(min), Math.abs(max)));
  const scaled = new CompensatedSum();
  for (const v of values) if (v - v === 0) scaled.add(v * factor);
  return scaled.value() / present / factor;
}
