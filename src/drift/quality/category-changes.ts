import type { ColumnValues } from "../columns.ts";
import { compareCodePoints } from "../discrete-counts.ts";

// New and vanished categories of a categorical column, with how many rows hold them.

/** Categories listed per side; the totals still count every one. */
export const MAX_LISTED_CATEGORIES = 20;

export interface CategoryCount {
  value: string;
  rows: number;
}

export interface CategoryChanges {
  /** Values in the current data the reference never had, most frequent first (at most 20 listed). */
  new: CategoryCount[];
  newCategories: number;
  newRows: number;
  /** Values of the reference data absent from the current data, most frequent first (at most 20). */
  vanished: CategoryCount[];
  vanishedCategories: number;
  vanishedRows: number;
}

/** Rows per present value; numbers are keyed by their shortest round-trip text (`1`, `2.5`). */
export function valueCounts(values: ColumnValues): Map<string, number> {
  const counts = new Map<string, number>();
  if (values.kind === "string") {
    const tally = new Float64Array(values.dictionary.length);
    for (const code of values.codes) if (code >= 0) tally[code] = (tally[code] as number) + 1;
    values.dictionary.forEach((value, code) => {
      const n = tally[code] as number;
      if (n > 0) counts.set(value, (counts.get(value) ?? 0) + n);
    });
    return counts;
  }
  for (const v of values.values) {
    if (v - v !== 0) continue;
    const key = String(v === 0 ? 0 : v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function categoryChanges(reference: ColumnValues, current: ColumnValues): CategoryChanges {
  const ref = valueCounts(reference);
  const cur = valueCounts(current);
  const only = (a: Map<string, number>, b: Map<string, number>) =>
    [...a]
      .filter(([value]) => !b.has(value))
      .map(([value, rows]) => ({ value, rows }))
      .sort((x, y) => y.rows - x.rows || compareCodePoints(x.value, y.value));
  const added = only(cur, ref);
  const gone = only(ref, cur);
  const rows = (list: CategoryCount[]) => list.reduce((n, c) => n + c.rows, 0);
  return {
    new: added.slice(0, MAX_LISTED_CATEGORIES),
    newCategories: added.length,
    newRows: rows(added),
    vanished: gone.slice(0, MAX_LISTED_CATEGORIES),
    vanishedCategories: gone.length,
    vanishedRows: rows(gone),
  };
}
