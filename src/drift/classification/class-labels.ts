import type { ColumnValues } from "../columns.ts";
import { compareCodePoints } from "../discrete-counts.ts";
import { canonicalKey, cellKey, type Label } from "./binary-labels.ts";

// The classes of a classification monitor: the distinct labels of the target and prediction columns of
// both samples (so reference and current are judged on the same classes), and each row's class index.
// More than two labels make the task multiclass, as in Evidently; one spelling per value (`1` and
// `1.0` are one class).

/** More labels than this is not a classification target (an ID or a regression target). */
export const MAX_CLASSES = 50;

function rowsOf(values: ColumnValues): number {
  return values.kind === "number" ? values.values.length : values.codes.length;
}

/** Distinct canonical labels among the rows that have both a target and a prediction. */
export function labelsOf(
  target: ColumnValues,
  prediction: ColumnValues,
  label: Label,
  into: Set<string> = new Set(),
): Set<string> {
  const n = rowsOf(target);
  const memo = new Map<string, string>();
  const canonical = (raw: string) => {
    let key = memo.get(raw);
    if (key === undefined) {
      key = canonicalKey(raw, label);
      memo.set(raw, key);
    }
    return key;
  };
  for (let i = 0; i < n; i++) {
    const t = cellKey(target, i);
    const p = cellKey(prediction, i);
    if (t === null || p === null) continue;
    into.add(canonical(t));
    into.add(canonical(p));
    // Stop early on an ID-like column: the caller reports it.
    if (into.size > MAX_CLASSES) break;
  }
  return into;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Numbers in numeric order first, then other labels by code points. */
export function sortLabels(labels: Iterable<string>): string[] {
  return [...labels].sort((a, b) => {
    const x = NUMBER.test(a) ? Number(a) : null;
    const y = NUMBER.test(b) ? Number(b) : null;
    if (x !== null && y !== null) return x - y || compareCodePoints(a, b);
    if (x !== null) return -1;
    if (y !== null) return 1;
    return compareCodePoints(a, b);
  });
}

export interface ClassRows {
  /** Class index of the target, per used row. */
  actual: Int32Array;
  /** Class index of the prediction, per used row. */
  predicted: Int32Array;
  /** Rows left out because the target or the prediction is missing. */
  excluded: number;
}

/** Each row with both labels as class indexes into `classes` (which holds every label of the sample). */
export function classRows(
  target: ColumnValues,
  prediction: ColumnValues,
  label: Label,
  classes: readonly string[],
): ClassRows {
  const n = rowsOf(target);
  const index = new Map(classes.map((c, i) => [c, i]));
  const memo = new Map<string, number>();
  const classOf = (raw: string) => {
    let k = memo.get(raw);
    if (k === undefined) {
      k = index.get(canonicalKey(raw, label)) ?? -1;
      memo.set(raw, k);
    }
    return k;
  };
  const actual = new Int32Array(n);
  const predicted = new Int32Array(n);
  let used = 0;
  for (let i = 0; i < n; i++) {
    const t = cellKey(target, i);
    const p = cellKey(prediction, i);
    if (t === null || p === null) continue;
    actual[used] = classOf(t);
    predicted[used++] = classOf(p);
  }
  return { actual: actual.subarray(0, used), predicted: predicted.subarray(0, used), excluded: n - used };
}
