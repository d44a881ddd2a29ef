import type { ColumnType, ColumnValues } from "./columns.ts";

// Column type inference after Evidently 0.7's `infer_column_type` (src/evidently/core/datasets.py),
// applied to the reference sample: the data a model was trained on defines what a column is, and a
// small current sample cannot turn a category into free text.

/** Integer columns with at most this many distinct values are categorical (INTEGER_CARDINALITY_LIMIT). */
export const INTEGER_CARDINALITY_LIMIT = 10;

export interface TypeEvidence {
  /** Present (non-missing) values in the reference sample. */
  count: number;
  /** Distinct present values in the reference sample. */
  distinct: number;
}

/**
 * Floats are numerical; integers are categorical at <= 10 distinct values, else numerical; strings are
 * text when distinct values exceed half the present values (IDs, free text), else categorical.
 */
export function inferColumnType(
  reference: ColumnValues,
  current: ColumnValues,
  evidence: TypeEvidence,
): ColumnType {
  if (reference.kind === "number" && current.kind === "number") {
    if (reference.integer && current.integer && evidence.distinct <= INTEGER_CARDINALITY_LIMIT) {
      return "categorical";
    }
    return "numerical";
  }
  return evidence.distinct > 0.5 * evidence.count ? "text" : "categorical";
}
