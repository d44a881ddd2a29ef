import type {
  ClassificationMetrics,
  ClassificationReport,
} from "../drift/classification/classification-quality.ts";
import { METRIC_NAMES } from "../drift/classification/classification-quality.ts";
import type { ColumnQuality } from "../drift/quality/column-quality.ts";
import { percent } from "../drift/quality/quality-findings.ts";
import { escapeHtml, shortHtml } from "./drift-html-escape.ts";
import { type ColumnRow, driftResultText, METRIC_LABELS, SEVERITY_MARK } from "./drift-rows.ts";
import { formatDelta, formatNumber } from "./experiments-format.ts";

// The HTML report's tables: every column worst first, data quality per column, classification.

const num = (x: number | null | undefined) => `<td class="num">${escapeHtml(formatNumber(x ?? null))}</td>`;
const cell = (text: string, max = 200) => `<td>${shortHtml(text, max)}</td>`;
const head = (names: string[]) => `<tr>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}</tr>`;

export function columnsTable(rows: readonly ColumnRow[]): string {
  const body = rows.map((r) => {
    const d = r.drift;
    return `<tr class="${r.severity ?? "ok"}"><td class="mark">${SEVERITY_MARK[r.severity ?? "ok"]}</td><td><code>${shortHtml(r.name, 120)}</code></td>${cell(r.type)}${cell(r.missing)}${cell(d?.test ?? "—")}${num(d?.score)}${cell(d?.threshold == null ? "—" : String(d.threshold))}${cell(driftResultText(d))}${cell(r.notes.join("; "), 400)}</tr>`;
  });
  const names = ["", "column", "type", "missing (ref → cur)", "test", "score", "threshold", "drift", "notes"];
  return `<table>${head(names)}${body.join("")}</table>`;
}

function categoryText(list: { value: string; rows: number }[], total: number): string {
  if (total === 0) return "—";
  const shown = list.map((c) => `${c.value} (${c.rows})`).join(", ");
  return total > list.length ? `${total}: ${shown}, …` : `${total}: ${shown}`;
}

export function qualityTable(columns: readonly ColumnQuality[]): string {
  const body = columns.map((q) => {
    const n = q.numeric;
    const range = (s: { min: number; max: number } | null | undefined) =>
      s ? `${formatNumber(s.min)} … ${formatNumber(s.max)}` : "—";
    const cats = q.categories;
    return `<tr><td><code>${shortHtml(q.name, 120)}</code></td>${cell(q.type)}${cell(percent(q.missing.reference.share))}${cell(percent(q.missing.current.share))}${cell(range(n?.reference))}${cell(range(n?.current))}${num(n?.reference?.mean)}${num(n?.current?.mean)}${cell(cats ? categoryText(cats.new, cats.newCategories) : "—", 600)}${cell(cats ? categoryText(cats.vanished, cats.vanishedCategories) : "—", 600)}</tr>`;
  });
  const names = [
    "column",
    "type",
    "missing ref",
    "missing cur",
    "range ref",
    "range cur",
    "mean ref",
    "mean cur",
    "new categories",
    "vanished categories",
  ];
  return `<table>${head(names)}${body.join("")}</table>`;
}

function confusionTable(side: string, m: ClassificationMetrics | null): string {
  if (!m) return `<p class="muted">${escapeHtml(side)}: not computed (see the findings).</p>`;
  const c = m.confusion;
  const left = m.excludedRows > 0 ? ` · ${m.excludedRows} rows without labels left out` : "";
  return `<table><caption>${escapeHtml(side)} (${m.rows} rows${left})</caption>${head(["", "predicted positive", "predicted negative"])}<tr><th>actual positive</th><td class="num">${c.tp}</td><td class="num">${c.fn}</td></tr><tr><th>actual negative</th><td class="num">${c.fp}</td><td class="num">${c.tn}</td></tr></table>`;
}

export function classificationHtml(c: ClassificationReport): string {
  const cols = [
    `target <code>${escapeHtml(c.target)}</code>`,
    `prediction <code>${escapeHtml(c.prediction)}</code>`,
  ];
  if (c.score) cols.push(`score <code>${escapeHtml(c.score)}</code>`);
  cols.push(`positive label <code>${escapeHtml(String(c.positiveLabel))}</code>`);
  const rows = METRIC_NAMES.filter((m) => m !== "rocAuc" || c.score).map(
    (m) =>
      `<tr>${cell(METRIC_LABELS[m])}${num(c.reference?.[m])}${num(c.current?.[m])}<td class="num">${escapeHtml(formatDelta(c.deltas[m], null))}</td></tr>`,
  );
  return [
    `<p>${cols.join(", ")}</p>`,
    `<table>${head(["metric", "reference", "current", "Δ"])}${rows.join("")}</table>`,
    confusionTable("reference", c.reference),
    confusionTable("current", c.current),
  ].join("\n");
}
