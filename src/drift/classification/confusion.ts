// Confusion counts and the binary metrics scikit-learn computes from them (`average="binary"`), with its
// default `zero_division`: a ratio whose denominator is zero is 0.

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface BinaryMetrics {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

export function confusion(actual: Uint8Array, predicted: Uint8Array): Confusion {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < actual.length; i++) {
    if (actual[i]) {
      if (predicted[i]) c.tp++;
      else c.fn++;
    } else if (predicted[i]) c.fp++;
    else c.tn++;
  }
  return c;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * precision tp/(tp+fp), recall tp/(tp+fn), f1 2tp/(2tp+fp+fn) (scikit-learn ≥ 1.3 computes F-beta from
 * the counts, not from rounded precision and recall), accuracy (tp+tn)/n.
 */
export function binaryMetrics(c: Confusion): BinaryMetrics {
  const n = c.tp + c.fp + c.fn + c.tn;
  return {
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    accuracy: ratio(c.tp + c.tn, n),
  };
}
