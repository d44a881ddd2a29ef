import { splitScores, walkScores } from "./score-curves.ts";

// ROC AUC as scikit-learn's `roc_auc_score` for a binary target: the trapezoid area under the ROC curve
// whose points are the distinct score thresholds, so tied scores form one diagonal step (worth half) —
// the Mann–Whitney U statistic with tied ranks, over P·N. Walking both classes' sorted scores from the
// top, each distinct score adds a trapezoid of width negatives/N and heights (positives above)/P and
// (positives above or at)/P. Summing twice the area in whole numbers keeps it exact up to one final
// division (exact below 2^53, i.e. P·N < 4.5e15).

/** The area, or null when the scores of one class are absent (scikit-learn raises: undefined). */
export function rocAuc(actual: Uint8Array, scores: Float64Array): number | null {
  const { pos, neg } = splitScores(actual, scores);
  if (pos.length === 0 || neg.length === 0) return null;
  let above = 0;
  let twiceArea = 0;
  walkScores(pos, neg, (_score, dp, dn) => {
    twiceArea += dn * (2 * above + dp);
    above += dp;
  });
  return twiceArea / (2 * pos.length * neg.length);
}
