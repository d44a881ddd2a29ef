// The columnar data model shared by readers and the drift core: no per-row objects, numbers in a
// Float64Array (NaN marks a missing cell), strings dictionary-encoded in an Int32Array (−1 marks a
// missing cell).

export interface NumberColumn {
  kind: "number";
  values: Float64Array;
  /** Every present cell was an integer literal and none was missing: what pandas reads as int64. */
  integer: boolean;
}

export interface StringColumn {
  kind: "string";
  codes: Int32Array;
  dictionary: readonly string[];
}

export type ColumnValues = NumberColumn | StringColumn;

/** A named set of equally long columns, as a reader produces it. */
export interface Table {
  rowCount: number;
  columns: ReadonlyMap<string, ColumnValues>;
}

/** Evidently's column types; text columns are reported but not tested. */
export type ColumnType = "numerical" | "categorical" | "text";

/**
 * Finite numbers of a column in a new array, NaN and ±inf dropped (Evidently replaces ±inf with NaN,
 * then drops). One pass: the copy is compacted as it is made, into `into` when given.
 */
export function finiteValues(values: Float64Array, into?: Float64Array): Float64Array {
  const n = values.length;
  const out = into && into.length >= n ? into : new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v - v === 0) out[k++] = v; // false for NaN and ±inf
  }
  return k === out.length ? out : out.subarray(0, k);
}

/** Present codes of a string column, missing (−1) dropped. */
export function presentCodes(codes: Int32Array): Int32Array {
  let count = 0;
  for (let i = 0; i < codes.length; i++) if ((codes[i] as number) >= 0) count++;
  if (count === codes.length) return codes;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) out[k++] = c;
  }
  return out;
}
