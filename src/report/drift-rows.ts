import type { ColumnDriftResult } from "../drift/column-drift.ts";
import { driftStrength } from "../drift/monitor-report/drift-strength.ts";
import {
  type Finding,
  SEVERITY_RANK,
  type Severity,
  worstSeverity,
} from "../drift/monitor-report/finding.ts";
import type { MonitorReport } from "../drift/monitor-report/monitor-report.ts";
import type { ColumnQuality } from "../drift/quality/column-quality.ts";
import { percent } from "../drift/quality/quality-findings.ts";
import { describeType } from "../drift/quality/sample-profile.ts";
import { formatNumber } from "./experiments-format.ts";

// One row per column for the Markdown and HTML tables, worst first: the severity of its worst finding,
// then how far past its threshold it drifted, then the reference's column order.

export interface ColumnRow {
  name: string;
  severity: Severity | null;
  schema: "added" | "removed" | "retyped" | null;
  type: string;
  /** `0% → 6%`, or one side for an added or removed column. */
  missing: string;
  drift: ColumnDriftResult | null;
  /** Short notes: the schema change, new and vanished categories, the mean's move. */
  notes: string[];
}

export const SEVERITY_ICON: Readonly<Record<Severity | "ok" | "untested", string>> = {
  error: "❌",
  warning: "⚠️",
  info: "ℹ️",
  ok: "✅",
  untested: "➖",
};

/** For HTML, glyphs every system font has (emoji fonts are often missing in headless browsers and CI). */
export const SEVERITY_MARK: Readonly<Record<Severity | "ok" | "untested", string>> = {
  error: "✖",
  warning: "⚠",
  info: "ℹ",
  ok: "✔",
  untested: "–",
};

export const VERDICT_SEVERITY: Readonly<Record<MonitorReport["status"]["verdict"], Severity | "ok">> = {
  fail: "error",
  warn: "warning",
  pass: "ok",
};

export interface SchemaChangeLine {
  change: "removed" | "added" | "retyped";
  name: string;
  detail: string;
  /** The finding's severity; null when the Monitor ignores schema changes. */
  severity: Severity | null;
}

/** Schema changes in reading order: removed, added, retyped. */
export function schemaChangeLines(report: MonitorReport): SchemaChangeLine[] {
  const s = report.schema;
  const severity = (name: string) =>
    worstSeverity(report.findings.filter((f) => f.area === "schema" && f.column === name));
  return [
    ...s.removed.map((c) => ({ change: "removed" as const, name: c.name, detail: `was ${describeType(c)}` })),
    ...s.added.map((c) => ({ change: "added" as const, name: c.name, detail: describeType(c) })),
    ...s.retyped.map((c) => ({
      change: "retyped" as const,
      name: c.name,
      detail: `${describeType(c.reference)} → ${describeType(c.current)}`,
    })),
  ].map((c) => ({ ...c, severity: severity(c.name) }));
}

/** Drift of a column in words; a column no test ran on is "not tested", never a pass. */
export function driftResultText(d: ColumnDriftResult | null): string {
  if (!d) return "not tested";
  if (d.skipped) return `not tested (${d.skipped})`;
  if (d.error) return "score not computable (fails)";
  if (d.test === null) return "not tested";
  return d.drift ? "drift" : "no drift";
}

/** Whether a drift test ran on the column. */
export function isTested(d: ColumnDriftResult | null): boolean {
  return d !== null && !d.skipped && d.test !== null;
}

/** The row's mark: its worst finding, else ok when it was tested, else untested (never a green mark). */
export function rowMark(r: ColumnRow): Severity | "ok" | "untested" {
  if (r.severity) return r.severity;
  return isTested(r.drift) ? "ok" : "untested";
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function qualityNotes(q: ColumnQuality): string[] {
  const notes: string[] = [];
  const cats = q.categories;
  if (cats && cats.newCategories > 0)
    notes.push(`${cats.newCategories} new categories (${cats.newRows} rows)`);
  if (cats && cats.vanishedCategories > 0) notes.push(`${cats.vanishedCategories} vanished categories`);
  const num = q.numeric;
  if (num?.reference && num.current && num.meanDelta !== 0)
    notes.push(`mean ${formatNumber(num.reference.mean)} → ${formatNumber(num.current.mean)}`);
  return notes;
}

export function columnRows(report: MonitorReport): ColumnRow[] {
  const byColumn = new Map<string, Finding[]>();
  for (const f of report.findings) {
    if (f.column === undefined) continue;
    byColumn.set(f.column, [...(byColumn.get(f.column) ?? []), f]);
  }
  const drift = new Map(report.drift.columns.map((c) => [c.name, c]));
  const rows: ColumnRow[] = [];
  const severity = (name: string) => worstSeverity(byColumn.get(name) ?? []);
  const { schema } = report;
  const retyped = new Map(schema.retyped.map((r) => [r.name, r]));
  for (const q of report.quality) {
    const r = retyped.get(q.name);
    const notes = r
      ? [`retyped: ${describeType(r.reference)} → ${describeType(r.current)}`]
      : qualityNotes(q);
    rows.push({
      name: q.name,
      severity: severity(q.name),
      schema: r ? "retyped" : null,
      type: q.declared && q.declared !== q.type ? `${q.type} (declared ${q.declared})` : q.type,
      missing: `${percent(q.missing.reference.share)} → ${percent(q.missing.current.share)}`,
      drift: drift.get(q.name) ?? null,
      notes,
    });
  }
  for (const c of schema.removed)
    rows.push({
      name: c.name,
      severity: severity(c.name),
      schema: "removed",
      type: describeType(c),
      missing: "—",
      drift: null,
      notes: ["not in the current data"],
    });
  for (const c of schema.added)
    rows.push({
      name: c.name,
      severity: severity(c.name),
      schema: "added",
      type: describeType(c),
      missing: "—",
      drift: null,
      notes: ["new in the current data"],
    });
  const rank = (r: ColumnRow) => (r.severity ? SEVERITY_RANK[r.severity] : 0);
  const strength = (r: ColumnRow) => (r.drift ? (driftStrength(r.drift) ?? -1) : -1);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(b.r) - rank(a.r) || compare(strength(b.r), strength(a.r)) || a.i - b.i)
    .map(({ r }) => r);
}

function compare(a: number, b: number): number {
  return a === b ? 0 : a > b ? 1 : -1;
}

/** The dataset verdict in words: `4 of 7 tested columns drifted (share 0.5714 ≥ 0.5)`. */
export function datasetLine(report: MonitorReport): string {
  const d = report.drift.dataset;
  if (d.totalColumns === 0) return "no column could be tested for drift";
  const op = d.drift ? "≥" : "<";
  return `${d.driftedColumns} of ${d.totalColumns} tested columns drifted (share ${formatNumber(d.share)} ${op} ${d.driftShare})`;
}

/** `1 error, 4 warnings` (info findings are not counted). */
export function findingCounts(findings: readonly Finding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const part = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return `${part(n("error"), "error")}, ${part(n("warning"), "warning")}`;
}

export const METRIC_LABELS = {
  precision: "precision",
  recall: "recall",
  f1: "f1",
  accuracy: "accuracy",
  rocAuc: "ROC AUC",
} as const;
