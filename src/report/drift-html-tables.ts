import type { ColumnDistribution } from "../drift/monitor-report/distributions.ts";
import type { ColumnQuality } from "../drift/quality/column-quality.ts";
import { percent } from "../drift/quality/quality-findings.ts";
import { escapeHtml, shortHtml } from "./drift-html-escape.ts";
import { type ColumnRow, driftResultText, rowMark, SEVERITY_MARK } from "./drift-rows.ts";
import { formatNumber } from "./experiments-format.ts";
import { sparklineSvg } from "./sparkline-svg.ts";

// The HTML report's tables: every column worst first, data quality per column.

const num = (x: number | null | undefined) => `<td class="num">${escapeHtml(formatNumber(x ?? null))}</td>`;
const cell = (text: string, max = 200) => `<td>${shortHtml(text, max)}</td>`;
const head = (names: string[]) => `<tr>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}</tr>`;

export interface ChartRef {
  /** The in-page anchor of the column's chart. */
  anchor: string;
  distribution: ColumnDistribution;
}

/**
 * Every column worst first, with a sparkline of its distributions; a column with a chart links to it
 * (`charts`: by column name).
 */
export function columnsTable(rows: readonly ColumnRow[], charts: ReadonlyMap<string, ChartRef>): string {
  const body = rows.map((r) => {
    const d = r.drift;
    const mark = rowMark(r);
    const chart = charts.get(r.name);
    const name = `<code>${shortHtml(r.name, 120)}</code>`;
    const linked = chart ? `<a href="#${chart.anchor}" title="its chart">${name}</a>` : name;
    const spark = chart ? sparklineSvg(chart.distribution) : "";
    return `<tr class="${mark}"><td class="mark">${SEVERITY_MARK[mark]}</td><td>${linked}</td><td class="spark">${spark}</td>${cell(r.type)}${cell(r.missing)}${cell(d?.test ?? "—")}${num(d?.score)}${cell(d?.threshold == null ? "—" : String(d.threshold))}${cell(driftResultText(d))}${cell(r.notes.join("; "), 400)}</tr>`;
  });
  const names = [
    "",
    "column",
    "distribution",
    "type",
    "missing (ref → cur)",
    "test",
    "score",
    "threshold",
    "drift",
    "notes",
  ];
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
