import type { ColumnValues } from "../columns.ts";
import { type Label, positiveFlags } from "./binary-labels.ts";

/**
 * The rows with a target and a finite score (the prediction may be missing there), as 0/1 against the
 * positive label and their scores: what ROC AUC, log loss and the curves use.
 */
export function scoredRows(
  target: ColumnValues,
  scores: Float64Array,
  label: Label,
): { actual: Uint8Array; scores: Float64Array } {
  const flags = positiveFlags(target, label);
  let n = 0;
  for (let i = 0; i < flags.length; i++) {
    const v = scores[i] as number;
    if ((flags[i] as number) >= 0 && v - v === 0) n++;
  }
  const actual = new Uint8Array(n);
  const used = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < flags.length; i++) {
    const v = scores[i] as number;
    if ((flags[i] as number) < 0 || v - v !== 0) continue;
    actual[k] = flags[i] as number;
    used[k++] = v;
  }
  return { actual, scores: used };
}
