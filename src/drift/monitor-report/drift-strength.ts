import type { ColumnDriftResult } from "../column-drift.ts";
import { STAT_TESTS } from "../stat-tests.ts";

/**
 * How far a column is past (above 1) or short of (below 1) its threshold, so columns tested with
 * p-values and with distances can be ranked together: score / threshold for a distance, and
 * ln(p) / ln(threshold) for a p-value (1 at the threshold, 2 at its square). A ranking aid, not a
 * statistic; null for an untested column, 0 for a NaN score.
 */
export function driftStrength(c: ColumnDriftResult): number | null {
  if (c.test === null || c.score === null || c.threshold === null) return null;
  const { score, threshold } = c;
  if (Number.isNaN(score)) return 0;
  if (STAT_TESTS[c.test].score === "distance") {
    if (threshold > 0) return score / threshold;
    return score > 0 ? Number.POSITIVE_INFINITY : 0;
  }
  if (score <= 0) return Number.POSITIVE_INFINITY;
  if (threshold <= 0 || threshold >= 1) return c.drift ? 1 : 0;
  return Math.log(score) / Math.log(threshold);
}

/** Tested columns, most drifted first; equal strengths keep their order. */
export function mostDrifted(columns: readonly ColumnDriftResult[]): ColumnDriftResult[] {
  return columns
    .map((c, i) => ({ c, i, s: driftStrength(c) }))
    .filter((x): x is { c: ColumnDriftResult; i: number; s: number } => x.s !== null)
    .sort((a, b) => Number(b.c.drift) - Number(a.c.drift) || compareStrength(b.s, a.s) || a.i - b.i)
    .map((x) => x.c);
}

function compareStrength(a: number, b: number): number {
  if (a === b) return 0;
  return a > b ? 1 : -1;
}
