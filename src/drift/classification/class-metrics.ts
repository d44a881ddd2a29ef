import { ratio } from "./confusion.ts";

// Per-class precision, recall and F1 from a confusion matrix, and their macro averages as
// scikit-learn's `average="macro"` computes them: the unweighted mean over the labels present in the
// sample's target or prediction (`unique_labels`), 0 for an empty denominator.

export interface ConfusionMatrix {
  /** Class labels, in the order of the rows and columns. */
  labels: string[];
  /** counts[actual][predicted]. */
  counts: number[][];
}

export interface ClassQuality {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose target is this class. */
  support: number;
  /** Rows predicted as this class. */
  predicted: number;
}

export function confusionMatrix(
  labels: readonly string[],
  actual: Int32Array,
  predicted: Int32Array,
): ConfusionMatrix {
  const k = labels.length;
  const flat = new Float64Array(k * k);
  for (let i = 0; i < actual.length; i++) {
    const at = (actual[i] as number) * k + (predicted[i] as number);
    flat[at] = (flat[at] as number) + 1;
  }
  const counts = Array.from({ length: k }, (_, r) => Array.from(flat.subarray(r * k, (r + 1) * k)));
  return { labels: [...labels], counts };
}

/** One row per class present in the sample (as target or prediction), in label order. */
export function classQuality(m: ConfusionMatrix): ClassQuality[] {
  const k = m.labels.length;
  const out: ClassQuality[] = [];
  for (let c = 0; c < k; c++) {
    const row = m.counts[c] as number[];
    const tp = row[c] as number;
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += row[j] as number;
      predicted += (m.counts[j] as number[])[c] as number;
    }
    if (support === 0 && predicted === 0) continue;
    out.push({
      label: m.labels[c] as string,
      precision: ratio(tp, predicted),
      recall: ratio(tp, support),
      f1: ratio(2 * tp, support + predicted),
      support,
      predicted,
    });
  }
  return out;
}

export interface MacroMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Accuracy (trace / rows) and the macro averages over the present classes. */
export function macroMetrics(m: ConfusionMatrix, classes: readonly ClassQuality[]): MacroMetrics {
  let rows = 0;
  let correct = 0;
  m.counts.forEach((row, r) => {
    for (const v of row) rows += v;
    correct += row[r] as number;
  });
  const mean = (f: (c: ClassQuality) => number) =>
    classes.length === 0 ? 0 : classes.reduce((s, c) => s + f(c), 0) / classes.length;
  return {
    accuracy: ratio(correct, rows),
    precision: mean((c) => c.precision),
    recall: mean((c) => c.recall),
    f1: mean((c) => c.f1),
  };
}
