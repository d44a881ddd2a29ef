import type { ColumnValues, Table } from "../columns.ts";
import { type Finding, quoteName } from "../monitor-report/finding.ts";
import { DEFAULT_POSITIVE_LABEL, type Label, labelText, matchesLabel } from "./binary-labels.ts";
import { classRows, labelsOf, MAX_CLASSES, sortLabels } from "./class-labels.ts";
import {
  type ClassQuality,
  type ConfusionMatrix,
  classQuality,
  confusionMatrix,
  macroMetrics,
} from "./class-metrics.ts";
import {
  classificationTests,
  type MetricTest,
  type TestSettings,
  testFindings,
} from "./classification-tests.ts";
import { binaryMetrics, type Confusion } from "./confusion.ts";
import { dummyBaseline } from "./dummy-baseline.ts";
import { logLoss } from "./log-loss.ts";
import { type MetricName, metricsOf, type Task } from "./metric-names.ts";
import { type PrTableRow, precisionRecallTable } from "./pr-table.ts";
import { rocAuc } from "./roc-auc.ts";
import { type ScoreCurves, scoreCurves } from "./score-curves.ts";
import { scoredRows } from "./scored-rows.ts";

// Classification quality of reference and current, and its tests (Evidently 0.7's ClassificationPreset):
// the Monitor names the target, prediction and optional score columns and the positive label. Two
// labels make a binary task, more a multiclass one (macro averages and per-class rows). A reference
// without labels (training data without the model's predictions) is not an error: the tests then
// judge the current sample against a dummy model.

export interface ClassificationSettings {
  target: string;
  prediction: string;
  score?: string;
  positiveLabel?: Label;
  tests?: TestSettings;
}

export interface ClassificationMetrics {
  /** Rows with both a target and a prediction. */
  rows: number;
  /** Rows without a target or a prediction, left out. */
  excludedRows: number;
  /** Counts of actual (rows) by predicted (columns) class, over the task's labels. */
  matrix: ConfusionMatrix;
  /** Binary: the counts against the positive label; null for a multiclass task. */
  confusion: Confusion | null;
  /** Per class present in the sample. */
  classes: ClassQuality[];
  accuracy: number;
  /** Binary: of the positive label; multiclass: macro averages. */
  precision: number;
  recall: number;
  f1: number;
  /** Binary only, else null. */
  tpr: number | null;
  tnr: number | null;
  fpr: number | null;
  fnr: number | null;
  /** Null without a score column, or when the target holds one class only. */
  rocAuc: number | null;
  /** Rows with a target and a finite score, the ones ROC AUC and log loss used; null without a score. */
  rocAucRows: number | null;
  /** Null without a score column or when a score is outside [0, 1] (not a probability). */
  logLoss: number | null;
  /** ROC and precision–recall curves of the score; null without one or with one class. */
  curves: ScoreCurves | null;
  /** The precision–recall table of the score (top 5%, 10%, … of rows); null when `curves` is. */
  prTable: PrTableRow[] | null;
}

export interface ClassificationReport {
  task: Task;
  target: string;
  prediction: string;
  score: string | null;
  /** The binary task's positive label; null for a multiclass task. */
  positiveLabel: Label | null;
  /** The classes of both samples, in order. */
  labels: string[];
  /** Null when the sample's labels are absent or unusable (a finding says why). */
  reference: ClassificationMetrics | null;
  current: ClassificationMetrics | null;
  /** current − reference per computed metric, null when either is missing. */
  deltas: Partial<Record<MetricName, number | null>>;
  /** The metrics computed and tested, in report order. */
  metrics: MetricName[];
  /** One per metric, in `metrics` order. */
  tests: MetricTest[];
}

type Side = "reference" | "current";

interface SideInput {
  target: ColumnValues;
  prediction: ColumnValues;
  score: ColumnValues | undefined;
}

function columnsOf(
  table: Table,
  side: Side,
  settings: ClassificationSettings,
  report: (code: Finding["code"], severity: Finding["severity"], message: string, column?: string) => void,
): SideInput | null {
  const declared = [settings.target, settings.prediction, settings.score].filter(
    (name): name is string => name !== undefined,
  );
  const absent = [...new Set(declared)].filter((name) => !table.columns.has(name));
  if (side === "reference" && absent.length > 0) {
    const names = absent.map((a) => quoteName(a)).join(", ");
    report(
      "reference-unlabelled",
      "info",
      `the reference data has no ${names} column${absent.length > 1 ? "s" : ""}: ${absent.includes(settings.score ?? "") && absent.length === 1 ? "score metrics are" : "the metrics are"} judged against a dummy model`,
      absent[0],
    );
  } else
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
  return {
    target,
    prediction,
    score: settings.score === undefined ? undefined : table.columns.get(settings.score),
  };
}

function sideMetrics(
  input: SideInput,
  side: Side,
  ctx: { task: Task; labels: string[]; label: Label; positive: number; settings: ClassificationSettings },
  report: (code: Finding["code"], severity: Finding["severity"], message: string, column?: string) => void,
): ClassificationMetrics | null {
  const { settings } = ctx;
  const rows = classRows(input.target, input.prediction, ctx.label, ctx.labels);
  if (rows.actual.length === 0) {
    if (side === "reference")
      report(
        "reference-unlabelled",
        "info",
        "the reference data has no row with both a target and a prediction: the metrics are judged against a dummy model",
        settings.target,
      );
    else
      report(
        "no-labelled-rows",
        "error",
        `${side} data: no row has both a target and a prediction`,
        settings.target,
      );
    return null;
  }
  const matrix = confusionMatrix(ctx.labels, rows.actual, rows.predicted);
  const classes = classQuality(matrix);
  const base = {
    rows: rows.actual.length,
    excludedRows: rows.excluded,
    matrix,
    classes,
    rocAuc: null,
    rocAucRows: null,
    logLoss: null,
    curves: null,
    prTable: null,
  };
  if (ctx.task === "multiclass")
    return {
      ...base,
      confusion: null,
      ...macroMetrics(matrix, classes),
      tpr: null,
      tnr: null,
      fpr: null,
      fnr: null,
    };
  const confusion = binaryConfusion(matrix, ctx.positive);
  const metrics: ClassificationMetrics = { ...base, confusion, ...binaryMetrics(confusion) };
  const score = input.score;
  if (score?.kind === "string")
    report(
      "score-not-numeric",
      side === "reference" ? "warning" : "error",
      `${side} data: score column ${quoteName(settings.score as string)} holds text, not numbers`,
      settings.score,
    );
  else if (score) {
    const scored = scoredRows(input.target, score.values, ctx.label);
    metrics.rocAucRows = scored.actual.length;
    metrics.rocAuc = rocAuc(scored.actual, scored.scores);
    metrics.curves = scoreCurves(scored.actual, scored.scores);
    metrics.prTable = precisionRecallTable(scored.actual, scored.scores);
    metrics.logLoss = logLoss(scored.actual, scored.scores);
    if (metrics.rocAuc === null)
      report(
        "roc-auc-undefined",
        "warning",
        `${side} data: ROC AUC is undefined, the target holds one class only among ${scored.actual.length} scored rows`,
        settings.target,
      );
    if (metrics.logLoss === null && scored.actual.length > 0)
      report(
        "log-loss-undefined",
        "warning",
        `${side} data: log loss is not computed, score column ${quoteName(settings.score as string)} has values outside [0, 1] (not a probability of the positive label)`,
        settings.score,
      );
  }
  return metrics;
}

function binaryConfusion(m: ConfusionMatrix, positive: number): Confusion {
  let total = 0;
  for (const row of m.counts) for (const v of row) total += v;
  if (positive < 0) return { tp: 0, fp: 0, fn: 0, tn: total };
  const row = m.counts[positive] as number[];
  const tp = row[positive] as number;
  const fn = row.reduce((a, b) => a + b, 0) - tp;
  const fp = m.counts.reduce((a, r) => a + (r[positive] as number), 0) - tp;
  return { tp, fp, fn, tn: total - tp - fn - fp };
}

/** The labels of both samples; a problem in words when they cannot be classes of one task. */
function taskLabels(
  sides: readonly (SideInput | null)[],
  label: Label,
): { labels: string[]; task: Task; positive: number } | { problem: string; code: Finding["code"] } {
  const seen = new Set<string>();
  for (const s of sides) if (s) labelsOf(s.target, s.prediction, label, seen);
  if (seen.size > MAX_CLASSES)
    return {
      code: "too-many-labels",
      problem: `target and prediction hold more than ${MAX_CLASSES} distinct labels: not a classification target`,
    };
  const labels = sortLabels(seen);
  const task: Task = labels.length > 2 ? "multiclass" : "binary";
  const positive = task === "binary" ? labels.findIndex((l) => matchesLabel(l, label)) : -1;
  if (task === "binary" && labels.length === 2 && positive < 0)
    return {
      code: "positive-label-not-found",
      problem: `the positive label ${labelText(label)} is not one of the labels (${labels.map((l) => quoteName(l, 40)).join(", ")}); set classification.positiveLabel`,
    };
  return { labels, task, positive };
}

export function classificationQuality(
  reference: Table,
  current: Table,
  settings: ClassificationSettings,
): { report: ClassificationReport; findings: Finding[] } {
  const label = settings.positiveLabel ?? DEFAULT_POSITIVE_LABEL;
  const findings: Finding[] = [];
  const report = (code: Finding["code"], severity: Finding["severity"], message: string, column?: string) =>
    findings.push({ area: "classification", severity, code, message, ...(column ? { column } : {}) });
  const refInput = columnsOf(reference, "reference", settings, report);
  const curInput = columnsOf(current, "current", settings, report);
  const found = taskLabels([refInput, curInput], label);
  const task: Task = "task" in found ? found.task : "binary";
  const labels = "labels" in found ? found.labels : [];
  const scored = settings.score !== undefined && task === "binary";
  const metrics = metricsOf(task, scored);
  const empty = {
    task,
    target: settings.target,
    prediction: settings.prediction,
    score: settings.score ?? null,
    positiveLabel: task === "binary" ? label : null,
    labels,
    metrics,
  };
  if ("problem" in found) {
    report(found.code, "error", found.problem, settings.target);
    return { report: { ...empty, reference: null, current: null, deltas: {}, tests: [] }, findings };
  }
  if (task === "multiclass" && settings.score !== undefined)
    report(
      "score-ignored",
      "warning",
      `score column ${quoteName(settings.score)} is not used: a multiclass task has no single positive-label probability (ROC AUC and log loss are for binary tasks)`,
      settings.score,
    );
  const ctx = { task, labels, label, positive: found.positive, settings };
  const ref = refInput ? sideMetrics(refInput, "reference", ctx, report) : null;
  const cur = curInput ? sideMetrics(curInput, "current", ctx, report) : null;
  const deltas: Partial<Record<MetricName, number | null>> = {};
  for (const m of metrics) {
    const a = ref?.[m] ?? null;
    const b = cur?.[m] ?? null;
    deltas[m] = a === null || b === null ? null : b - a;
  }
  const counts = cur ? cur.matrix.counts.map((row) => row.reduce((s, v) => s + v, 0)) : [];
  const tests = cur
    ? classificationTests({
        metrics,
        reference: ref,
        current: cur,
        dummy: dummyBaseline({ task, counts, positive: found.positive }),
        ...(settings.tests ? { settings: settings.tests } : {}),
      })
    : [];
  findings.push(...testFindings(tests));
  return { report: { ...empty, reference: ref, current: cur, deltas, tests }, findings };
}
