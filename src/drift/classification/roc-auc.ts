import { sortFloat64 } from "../sort.ts";

// ROC AUC as scikit-learn's `roc_auc_score` for a binary target: the trapezoid area under the ROC curve
// whose points are the distinct score thresholds, so tied scores form one diagonal step (worth half).
// Walking both classes' sorted scores from the top, each distinct score adds a trapezoid of width
// negatives/N and heights (positives above)/P and (positives above or at)/P. Summing twice the area in
// whole numbers keeps it exact up to one final division (exact below 2^53, i.e. P·N < 4.5e15).

/** The area, or null when the scores of one class are absent (scikit-learn raises: undefined). */
export function rocAuc(actual: Uint8Array, scores: Float64Array): number | null {
  let positives = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i]) positives++;
  const negatives = actual.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i]) pos[p++] = scores[i] as number;
    else neg[q++] = scores[i] as number;
  }
  sortFloat64(pos);
  sortFloat64(neg);
  let i = positives - 1;
  let j = negatives - 1;
  let above = 0;
  let twiceArea = 0;
  while (i >= 0 || j >= 0) {
    const s = Math.max(i >= 0 ? (pos[i] as number) : -Infinity, j >= 0 ? (neg[j] as number) : -Infinity);
    let dp = 0;
    let dn = 0;
    while (i >= 0 && pos[i] === s) {
      dp++;
      i--;
    }
    while (j >= 0 && neg[j] === s) {
      dn++;
      j--;
    }
    twiceArea += dn * (2 * above + dp);
    above += dp;
  }
  return twiceArea / (2 * positives * negatives);
}
