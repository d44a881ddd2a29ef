import type { ClassQuality } from "../drift/classification/class-metrics.ts";
import type { ClassificationReport } from "../drift/classification/classification-quality.ts";
import type { TestVerdict } from "../drift/classification/classification-tests.ts";
import { METRICS, type MetricName } from "../drift/classification/metric-names.ts";
import { formatDelta, formatNumber } from "./experiments-format.ts";

// Classification quality as rows every renderer shares (text, Markdown, HTML): one per metric with its
// test, then one per class — so the three never disagree on a number or a verdict.

export interface ClassificationRow {
  metric: MetricName;
  label: string;
  reference: string;
  current: string;
  delta: string;
  verdict: TestVerdict;
  /** The bound the test holds the current value to, in words. */
  bound: string;
  /** Exact values for hover titles and JSON readers. */
  exact: { reference: number | null; current: number | null };
}

export const TEST_WORD: Readonly<Record<TestVerdict, string>> = {
  pass: "pass",
  fail: "FAIL",
  warn: "warn",
  "not-tested": "not tested",
};

/** Markdown: a not-tested metric is never shown as a pass. */
export const TEST_ICON: Readonly<Record<TestVerdict, string>> = {
  pass: "✅",
  fail: "❌",
  warn: "⚠️",
  "not-tested": "➖",
};

export function classificationRows(c: ClassificationReport): ClassificationRow[] {
  const tests = new Map(c.tests.map((t) => [t.metric, t]));
  return c.metrics.map((metric) => {
    const ref = c.reference?.[metric] ?? null;
    const cur = c.current?.[metric] ?? null;
    const test = tests.get(metric);
    const delta = c.deltas[metric] ?? null;
    const relative = delta !== null && ref !== null && ref !== 0 ? delta / Math.abs(ref) : null;
    return {
      metric,
      label: METRICS[metric].label,
      reference: formatNumber(ref),
      current: formatNumber(cur),
      delta: formatDelta(delta, relative),
      verdict: test?.verdict ?? "not-tested",
      bound: test?.bound ?? "not computed",
      exact: { reference: ref, current: cur },
    };
  });
}

export interface ClassRow {
  label: string;
  reference: ClassQuality | null;
  current: ClassQuality | null;
}

/** Per class, reference and current side by side, in label order. */
export function classRows(c: ClassificationReport): ClassRow[] {
  const ref = new Map((c.reference?.classes ?? []).map((q) => [q.label, q]));
  const cur = new Map((c.current?.classes ?? []).map((q) => [q.label, q]));
  return c.labels
    .filter((l) => ref.has(l) || cur.has(l))
    .map((label) => ({ label, reference: ref.get(label) ?? null, current: cur.get(label) ?? null }));
}

/** `0.55 → 0.15`, `— → 0.15`. */
export function pair(ref: number | null | undefined, cur: number | null | undefined): string {
  return `${formatNumber(ref ?? null)} → ${formatNumber(cur ?? null)}`;
}

/** The classification heading's facts: task, columns, labels. */
export function classificationFacts(c: ClassificationReport): string[] {
  const facts = [`${c.task}`, `target ${c.target}`, `prediction ${c.prediction}`];
  if (c.score && c.task === "binary") facts.push(`score ${c.score}`);
  if (c.positiveLabel !== null) facts.push(`positive label ${String(c.positiveLabel)}`);
  else facts.push(`${c.labels.length} classes`);
  return facts;
}
