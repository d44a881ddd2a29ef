import type { ColumnType } from "./columns.ts";
import type { StatTestName } from "./stat-tests.ts";

// Evidently's default test choice (legacy/calculations/stattests/registry.py `_get_default_stattest`).

/** Reference sizes above this use distances instead of hypothesis tests. */
export const SMALL_REFERENCE_MAX_ROWS = 1000;

/**
 * `referenceRows` counts finite, non-missing reference values; `distinctValues` counts distinct values of
 * both samples together. Text columns get no test.
 */
export function selectDefaultTest(
  type: ColumnType,
  referenceRows: number,
  distinctValues: number,
): StatTestName | null {
  if (type === "text") return null;
  if (referenceRows <= SMALL_REFERENCE_MAX_ROWS) {
    if (distinctValues <= 2) return "z";
    if (type === "categorical" || distinctValues <= 5) return "chisquare";
    return "ks";
  }
  if (type === "numerical" && distinctValues > 5) return "wasserstein";
  return "jensenshannon";
}
