// Confusion counts and the binary metrics scikit-learn computes from them (`average="binary"`), with its
// default `zero_division`: a ratio whose denominator is zero is 0. The four rates are Evidently's
// (TPR = recall, TNR = specificity, FPR = 1 − TNR, FNR = 1 − TPR), each 0 when its class is absent.

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
  tpr: number;
  tnr: number;
  fpr: number;
  fnr: number;
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

export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * precision tp/(tp+fp), recall tp/(tp+fn), f1 2tp/(2tp+fp+fn) (scikit-learn ≥ 1.3 computes F-beta from
 * the counts, not from rounded precision and recall), accuracy (tp+tn)/n, and the rates.
 */
export function binaryMetrics(c: Confusion): BinaryMetrics {
  const n = c.tp + c.fp + c.fn + c.tn;
  return {
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    accuracy: ratio(c.tp + c.tn, n),
    tpr: ratio(c.tp, c.tp + c.fn),
    tnr: ratio(c.tn, c.tn + c.fp),
    fpr: ratio(c.fp, c.fp + c.tn),
    fnr: ratio(c.fn, c.fn + c.tp),
  };
}
