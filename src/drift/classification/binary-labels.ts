import type { ColumnValues } from "../columns.ts";
import { compareCodePoints } from "../discrete-counts.ts";
import { quoteName } from "../monitor-report/finding.ts";

// Target and prediction columns as 0/1 arrays against a positive label, the way scikit-learn's binary
// metrics read them (`pos_label`, default 1): anything but the positive label is negative, and more
// than two distinct labels is not a binary problem.

export type Label = string | number | boolean;

/** scikit-learn's default `pos_label`. */
export const DEFAULT_POSITIVE_LABEL: Label = 1;

export interface BinaryRows {
  /** 1 where the target is the positive label, per used row. */
  actual: Uint8Array;
  /** 1 where the prediction is the positive label, per used row. */
  predicted: Uint8Array;
  /** Rows left out because the target or the prediction is missing. */
  excluded: number;
  /** The distinct labels seen in target and prediction, sorted. */
  labels: string[];
}

/** The text of a cell (numbers as their shortest round-trip text), null when missing. */
export function cellKey(values: ColumnValues, row: number): string | null {
  if (values.kind === "string") {
    const code = values.codes[row] as number;
    return code < 0 ? null : (values.dictionary[code] as string);
  }
  const v = values.values[row] as number;
  return v - v === 0 ? String(v === 0 ? 0 : v) : null;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Whether a cell's text is the positive label: a number label matches equal numbers (`1` and `1.0`), a
 * string label the same text, a boolean `true`/`false` in any case or 1/0.
 */
export function matchesLabel(key: string, label: Label): boolean {
  if (typeof label === "string") return key === label;
  const numeric = NUMERIC.test(key) ? Number(key) : null;
  if (typeof label === "number") return numeric === label;
  return key.toLowerCase() === String(label) || numeric === (label ? 1 : 0);
}

/**
 * One spelling per label value, so `1` and `1.0`, or `True` and `1` under a boolean label, count as
 * one label when checking that there are at most two.
 */
export function canonicalKey(key: string, label: Label): string {
  if (typeof label === "string") return key;
  const numeric = NUMERIC.test(key) ? Number(key) : null;
  if (typeof label === "number") return numeric === null ? key : String(numeric);
  const lower = key.toLowerCase();
  if (lower === "true" || numeric === 1) return "true";
  if (lower === "false" || numeric === 0) return "false";
  return key;
}

export function labelText(label: Label): string {
  return typeof label === "string" ? quoteName(label, 60) : String(label);
}

/** The rows with both labels, as 0/1 arrays; a problem in words when they are not binary. */
export function binaryRows(
  target: ColumnValues,
  prediction: ColumnValues,
  label: Label,
): { rows: BinaryRows } | { problem: string } {
  const n = target.kind === "number" ? target.values.length : target.codes.length;
  const actual = new Uint8Array(n);
  const predicted = new Uint8Array(n);
  const seen = new Map<string, boolean>();
  let used = 0;
  for (let i = 0; i < n; i++) {
    const rawT = cellKey(target, i);
    const rawP = cellKey(prediction, i);
    if (rawT === null || rawP === null) continue;
    const t = canonicalKey(rawT, label);
    const p = canonicalKey(rawP, label);
    for (const key of [t, p]) if (!seen.has(key)) seen.set(key, matchesLabel(key, label));
    actual[used] = seen.get(t) ? 1 : 0;
    predicted[used++] = seen.get(p) ? 1 : 0;
  }
  const labels = [...seen.keys()].sort(compareCodePoints);
  const shown = labels.slice(0, 5).map((l) => quoteName(l, 40));
  const list = labels.length > 5 ? `${shown.join(", ")}, …` : shown.join(", ");
  if (labels.length > 2)
    return {
      problem: `labels are not binary: target and prediction hold ${labels.length} distinct values (${list})`,
    };
  if (labels.length === 2 && !labels.some((l) => seen.get(l)))
    return {
      problem: `the positive label ${labelText(label)} is not one of the labels (${list}); set classification.positiveLabel`,
    };
  return {
    rows: {
      actual: actual.subarray(0, used),
      predicted: predicted.subarray(0, used),
      excluded: n - used,
      labels,
    },
  };
}

/** Per row: 1 when the cell is the positive label, 0 when it is another label, −1 when missing. */
export function positiveFlags(values: ColumnValues, label: Label): Int8Array {
  const n = values.kind === "number" ? values.values.length : values.codes.length;
  const flags = new Int8Array(n);
  const memo = new Map<string, boolean>();
  for (let i = 0; i < n; i++) {
    const key = cellKey(values, i);
    if (key === null) {
      flags[i] = -1;
      continue;
    }
    let positive = memo.get(key);
    if (positive === undefined) {
      positive = matchesLabel(key, label);
      memo.set(key, positive);
    }
    flags[i] = positive ? 1 : 0;
  }
  return flags;
}
