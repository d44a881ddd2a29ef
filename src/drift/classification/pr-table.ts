import { splitScores, walkScores } from "./score-curves.ts";

// The precision–recall table of a binary score (what Evidently's ClassificationPreset shows as its
// "Precision-Recall Table"): the rows with the highest scores, in steps of 5% of the scored rows, with
// the score cut-off, true and false positives, precision and recall of predicting exactly those rows
// positive. Rows tied at a cut-off are taken together (a cut-off is a threshold a model can use), so
// a step may hold a little more than its share; a step that adds no row is not repeated.

/** The share of rows each step adds. */
export const PR_TABLE_STEP = 0.05;

export interface PrTableRow {
  /** The step's share of the scored rows, in percent (5, 10, … 100). */
  top: number;
  /** Rows at or above the cut-off. */
  rows: number;
  /** The lowest score among them: predicting score ≥ cutoff positive gives this row. */
  cutoff: number;
  tp: number;
  fp: number;
  precision: number;
  recall: number;
}

/** The table; null when one class is absent (recall or the comparison is then undefined). */
export function precisionRecallTable(actual: Uint8Array, scores: Float64Array): PrTableRow[] | null {
  const { pos, neg } = splitScores(actual, scores);
  const positives = pos.length;
  const total = positives + neg.length;
  if (positives === 0 || neg.length === 0) return null;
  const steps = Math.round(1 / PR_TABLE_STEP);
  const table: PrTableRow[] = [];
  let step = 1;
  let tp = 0;
  let fp = 0;
  walkScores(pos, neg, (score, dp, dn) => {
    tp += dp;
    fp += dn;
    const rows = tp + fp;
    // The last step this cut-off reaches: rows tied across several steps make one row of the table.
    let reached = 0;
    while (step <= steps && rows >= Math.ceil((step * total) / steps)) reached = step++;
    if (reached > 0)
      table.push({
        top: Math.round(reached * PR_TABLE_STEP * 1000) / 10,
        rows,
        cutoff: score,
        tp,
        fp,
        precision: tp / rows,
        recall: tp / positives,
      });
  });
  return table;
}
