import { DEFAULT_POSITIVE_LABEL, type Label, positiveFlags } from "../classification/binary-labels.ts";
import type { ClassificationSettings } from "../classification/classification-quality.ts";
import { type ColumnValues, finiteValues } from "../columns.ts";
import { compareCodePoints } from "../discrete-counts.ts";
import { valueCounts } from "../quality/category-changes.ts";
import { percent } from "../quality/quality-findings.ts";
import { quoteName } from "./finding.ts";
import { shortNumber } from "./short-number.ts";

// The model's own columns in the drift stage (issue #17, item 2): the prediction, score and target that
// `classification` names are drift-tested like features unless `drift.exclude` lists them, and a drift
// of one is its own finding, worded by what moved — a shift in what the model outputs is the earliest
// sign of trouble, before labels arrive.

export type OutputRole = "prediction" | "score" | "target";

/** The classification columns by name, with their role (a column named twice keeps the first role). */
export function outputRoles(classification: ClassificationSettings | undefined): Map<string, OutputRole> {
  const roles = new Map<string, OutputRole>();
  if (!classification) return roles;
  const add = (name: string | undefined, role: OutputRole) => {
    if (name !== undefined && !roles.has(name)) roles.set(name, role);
  };
  add(classification.prediction, "prediction");
  add(classification.score, "score");
  add(classification.target, "target");
  return roles;
}

function positiveRate(values: ColumnValues, label: Label): number | null {
  const flags = positiveFlags(values, label);
  let present = 0;
  let positive = 0;
  for (const f of flags) {
    if (f < 0) continue;
    present++;
    positive += f;
  }
  return present === 0 ? null : positive / present;
}

function mean(values: ColumnValues): number | null {
  if (values.kind !== "number") return null;
  const finite = finiteValues(values.values);
  if (finite.length === 0) return null;
  let sum = 0;
  for (const v of finite) sum += v;
  return sum / finite.length;
}

function shares(values: ColumnValues): Map<string, number> {
  const counts = valueCounts(values);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return new Map([...counts].map(([k, n]) => [k, total === 0 ? 0 : n / total]));
}

/**
 * What moved, in words: the positive rate of a binary prediction or target (`positive rate 5.2% →
 * 12.2%`), the class whose share moved most otherwise, the mean of a score.
 */
export function outputShift(
  role: OutputRole,
  reference: ColumnValues,
  current: ColumnValues,
  label: Label = DEFAULT_POSITIVE_LABEL,
): string | null {
  if (role === "score") {
    const a = mean(reference);
    const b = mean(current);
    return a === null || b === null ? null : `mean ${shortNumber(a)} → ${shortNumber(b)}`;
  }
  const ref = shares(reference);
  const cur = shares(current);
  const keys = [...new Set([...ref.keys(), ...cur.keys()])].sort(compareCodePoints);
  if (keys.length <= 2) {
    const a = positiveRate(reference, label);
    const b = positiveRate(current, label);
    if (a !== null && b !== null && (a > 0 || b > 0)) return `positive rate ${percent(a)} → ${percent(b)}`;
  }
  let moved: string | null = null;
  let most = -1;
  for (const k of keys) {
    const d = Math.abs((cur.get(k) ?? 0) - (ref.get(k) ?? 0));
    if (d > most) {
      most = d;
      moved = k;
    }
  }
  if (moved === null) return null;
  return `share of ${quoteName(moved, 40)} ${percent(ref.get(moved) ?? 0)} → ${percent(cur.get(moved) ?? 0)}`;
}
