import type { Table } from "../columns.ts";
import { type Finding, quoteName } from "../monitor-report/finding.ts";
import { binaryRows, DEFAULT_POSITIVE_LABEL, type Label, positiveFlags } from "./binary-labels.ts";
import { type BinaryMetrics, binaryMetrics, type Confusion, confusion } from "./confusion.ts";
import { rocAuc } from "./roc-auc.ts";

// Classification quality of reference and current (Evidently's ClassificationPreset for a binary
// model): the Monitor names the target, prediction and optional score columns and the positive label.

export interface ClassificationSettings {
  target: string;
  prediction: string;
  score?: string;
  positiveLabel?: Label;
}

export interface ClassificationMetrics extends BinaryMetrics {
  /** Rows with both a target and a prediction. */
  rows: number;
  /** Rows without a target or a prediction, left out. */
  excludedRows: number;
  confusion: Confusion;
  /** Null without a score column, or when the target holds one class only. */
  rocAuc: number | null;
  /** Rows with a target and a finite score, the ones ROC AUC used; null without a score column. */
  rocAucRows: number | null;
}

export type MetricName = "precision" | "recall" | "f1" | "accuracy" | "rocAuc";
export const METRIC_NAMES: readonly MetricName[] = ["precision", "recall", "f1", "accuracy", "rocAuc"];

export interface ClassificationReport {
  target: string;
  prediction: string;
  score: string | null;
  positiveLabel: Label;
  /** Null when the sample's columns are absent or its labels are not binary (a finding says why). */
  reference: ClassificationMetrics | null;
  current: ClassificationMetrics | null;
  /** current − reference per metric, null when either is missing. */
  deltas: Record<MetricName, number | null>;
}

type Side = "reference" | "current";

/** ROC AUC over the rows with a target and a finite score (the prediction may be missing there). */
function scoredAuc(flags: Int8Array, scores: Float64Array): { value: number | null; rows: number } {
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
  return { value: rocAuc(actual, used), rows: n };
}

function sideMetrics(
  table: Table,
  side: Side,
  settings: ClassificationSettings,
  label: Label,
  findings: Finding[],
): ClassificationMetrics | null {
  const report = (code: Finding["code"], severity: Finding["severity"], message: string, column?: string) =>
    findings.push({ area: "classification", severity, code, message, ...(column ? { column } : {}) });
  const declared = [settings.target, settings.prediction, settings.score].filter(
    (name): name is string => name !== undefined,
  );
  const absent = [...new Set(declared)].filter((name) => !table.columns.has(name));
  for (const name of absent)
    report(
      "classification-column-absent",
      "error",
      `column ${quoteName(name)} is not in the ${side} data`,
      name,
    );
  const target = table.columns.get(settings.target);
  const prediction = table.columns.get(settings.prediction);
  if (!target || !prediction) return null;
  const labelled = binaryRows(target, prediction, label);
  if ("problem" in labelled) {
    report("labels-not-binary", "error", `${side} data: ${labelled.problem}`, settings.target);
    return null;
  }
  const { actual, predicted, excluded } = labelled.rows;
  if (actual.length === 0) {
    report(
      "no-labelled-rows",
      "error",
      `${side} data: no row has both a target and a prediction`,
      settings.target,
    );
    return null;
  }
  const counts = confusion(actual, predicted);
  const metrics: ClassificationMetrics = {
    rows: actual.length,
    excludedRows: excluded,
    confusion: counts,
    ...binaryMetrics(counts),
    rocAuc: null,
    rocAucRows: null,
  };
  const score = settings.score === undefined ? undefined : table.columns.get(settings.score);
  if (score?.kind === "string") {
    const name = quoteName(settings.score as string);
    report(
      "score-not-numeric",
      "error",
      `${side} data: score column ${name} holds text, not numbers`,
      settings.score,
    );
  } else if (score) {
    const auc = scoredAuc(positiveFlags(target, label), score.values);
    metrics.rocAuc = auc.value;
    metrics.rocAucRows = auc.rows;
    if (auc.value === null)
      report(
        "roc-auc-undefined",
        "warning",
        `${side} data: ROC AUC is undefined, the target holds one class only among ${auc.rows} scored rows`,
        settings.target,
      );
  }
  return metrics;
}

export function classificationQuality(
  reference: Table,
  current: Table,
  settings: ClassificationSettings,
): { report: ClassificationReport; findings: Finding[] } {
  const label = settings.positiveLabel ?? DEFAULT_POSITIVE_LABEL;
  const findings: Finding[] = [];
  const ref = sideMetrics(reference, "reference", settings, label, findings);
  const cur = sideMetrics(current, "current", settings, label, findings);
  const delta = (m: MetricName) => {
    const a = ref?.[m];
    const b = cur?.[m];
    return a === undefined || b === undefined || a === null || b === null ? null : b - a;
  };
  const deltas = Object.fromEntries(METRIC_NAMES.map((m) => [m, delta(m)])) as Record<
    MetricName,
    number | null
  >;
  return {
    report: {
      target: settings.target,
      prediction: settings.prediction,
      score: settings.score ?? null,
      positiveLabel: label,
      reference: ref,
      current: cur,
      deltas,
    },
    findings,
  };
}
