import { sortFloat64 } from "../sort.ts";

// ROC and precision–recall curves of a binary score for the report's charts, as scikit-learn's
// `roc_curve` and `precision_recall_curve` define their points (one per distinct score, highest first;
// the ROC curve starts at (0, 0), the PR curve at recall 0, precision 1), thinned to a bounded number
// of points so a report over millions of rows stays small.

export interface CurvePoint {
  x: number;
  y: number;
  /** The score at or above which rows are predicted positive; null for the curve's starting point. */
  threshold: number | null;
}

export interface ScoreCurves {
  /** x = false positive rate, y = true positive rate. */
  roc: CurvePoint[];
  /** x = recall, y = precision. */
  pr: CurvePoint[];
}

/** Points kept per curve (about): consecutive kept points are at least 1/MAX apart on some axis. */
export const MAX_CURVE_POINTS = 200;

/**
 * Calls `step` for each distinct score from the highest down with the positives and negatives at it.
 * `pos` and `neg` are sorted ascending.
 */
export function walkScores(
  pos: Float64Array,
  neg: Float64Array,
  step: (score: number, positives: number, negatives: number) => void,
): void {
  let i = pos.length - 1;
  let j = neg.length - 1;
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
    step(s, dp, dn);
  }
}

/** Scores split by class and sorted ascending. */
export function splitScores(
  actual: Uint8Array,
  scores: Float64Array,
): { pos: Float64Array; neg: Float64Array } {
  let positives = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i]) positives++;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(actual.length - positives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i]) pos[p++] = scores[i] as number;
    else neg[q++] = scores[i] as number;
  }
  return { pos: sortFloat64(pos), neg: sortFloat64(neg) };
}

function thin(points: CurvePoint[]): CurvePoint[] {
  if (points.length <= MAX_CURVE_POINTS) return points;
  const gap = 1 / MAX_CURVE_POINTS;
  const out: CurvePoint[] = [points[0] as CurvePoint];
  for (let k = 1; k < points.length - 1; k++) {
    const p = points[k] as CurvePoint;
    const last = out[out.length - 1] as CurvePoint;
    if (Math.abs(p.x - last.x) >= gap || Math.abs(p.y - last.y) >= gap) out.push(p);
  }
  out.push(points[points.length - 1] as CurvePoint);
  return out;
}

/** Both curves; null when one class is absent (neither curve is defined then). */
export function scoreCurves(actual: Uint8Array, scores: Float64Array): ScoreCurves | null {
  const { pos, neg } = splitScores(actual, scores);
  const P = pos.length;
  const N = neg.length;
  if (P === 0 || N === 0) return null;
  const roc: CurvePoint[] = [{ x: 0, y: 0, threshold: null }];
  const pr: CurvePoint[] = [{ x: 0, y: 1, threshold: null }];
  let tp = 0;
  let fp = 0;
  walkScores(pos, neg, (score, dp, dn) => {
    tp += dp;
    fp += dn;
    roc.push({ x: fp / N, y: tp / P, threshold: score });
    pr.push({ x: tp / P, y: tp / (tp + fp), threshold: score });
  });
  return { roc: thin(roc), pr: thin(pr) };
}
