import { describeVersion } from "../drift/monitor-report/dataset-version.ts";
import { bySeverity, type Finding } from "../drift/monitor-report/finding.ts";
import type { MonitorReport } from "../drift/monitor-report/monitor-report.ts";
import { areaVerdicts } from "./area-verdicts.ts";
import { distributionChart } from "./drift-chart.ts";
import { windowText } from "./drift-html-header.ts";
import {
  type ColumnRow,
  columnRows,
  datasetLine,
  driftResultText,
  findingCounts,
  plural,
  rowMark,
  SEVERITY_ICON,
  schemaChangeLines,
  VERDICT_SEVERITY,
} from "./drift-rows.ts";
import { classificationBlock } from "./drift-section-classification.ts";
import { formatNumber } from "./experiments-format.ts";
import { inlineText, tableCell } from "./markdown-escape.ts";
import type { CommentSection } from "./sticky-comment.ts";

// The drift section of the sticky comment: verdict, schema changes (before any statistic), findings,
// the per-column table worst first, charts of the most drifted columns, classification quality. The
// full form is bounded (rows are cut with a note) and the compact form keeps the verdict and errors.

/** The full body stays below this, leaving room for the other sections. */
export const DRIFT_BODY_BUDGET = 40_000;
const MAX_FINDINGS = 30;
const COMPACT_FINDINGS = 10;

export interface DriftSectionOptions {
  /** Charts of the most drifted columns (default 3). */
  charts?: number;
}

function heading(report: MonitorReport): string {
  return report.monitor
    ? `### Drift · \`${inlineText(report.monitor.replace(/`/g, "'"), 100)}\``
    : "### Drift";
}

function headline(report: MonitorReport): string {
  const icon = SEVERITY_ICON[VERDICT_SEVERITY[report.status.verdict]];
  const verdict = report.status.drift ? "**Dataset drift**" : "**No dataset drift**";
  return `${icon} ${verdict} — ${datasetLine(report)} · ${findingCounts(report.findings)}`;
}

const AREA_ICON = { fail: "❌", warn: "⚠️", pass: "✅", none: "➖" } as const;

/** One line per area with the bound that decided it, in the HTML header's order. */
function areaLines(report: MonitorReport): string[] {
  return areaVerdicts(report).map(
    (a) =>
      `- ${AREA_ICON[a.verdict]} **${a.title}**: ${a.verdict === "none" ? "not tested — " : ""}${tableCell(a.detail, 400)}`,
  );
}

function code(text: string, max = 200): string {
  return `\`${tableCell(text.replace(/`/g, "'"), max)}\``;
}

function sources(report: MonitorReport): string {
  const { reference: r, current: c } = report;
  const at = (v: MonitorReport["reference"]["version"]) =>
    v ? `, ${tableCell(describeVersion(v), 200)}` : "";
  const window = windowText(report.run.window);
  return `Reference ${code(r.path)} (${r.rows} rows${at(r.version)}) · current ${code(c.path)} (${c.rows} rows${at(c.version)})${window ? ` · window ${tableCell(window, 200)}` : ""}`;
}

function findingLine(f: Finding): string {
  return `- ${SEVERITY_ICON[f.severity]} ${f.area}: ${tableCell(f.message, 400)}`;
}

function schemaBlock(report: MonitorReport, max: number): string {
  const s = report.schema;
  const changes = schemaChangeLines(report);
  if (changes.length === 0)
    return `**Schema:** unchanged (${plural(s.unchanged, "column", "columns")} in both samples, same types).`;
  const n = changes.length;
  const lines = [
    `**Schema:** ${n} ${n === 1 ? "change" : "changes"} (kept out of every statistic below)`,
    "",
  ];
  for (const c of changes.slice(0, max))
    lines.push(
      `- ${SEVERITY_ICON[c.severity ?? "info"]} ${c.change} ${code(c.name, 100)}: ${tableCell(c.detail)}`,
    );
  if (n > max) lines.push(`- …and ${n - max} more`);
  return lines.join("\n");
}

function rowLine(r: ColumnRow): string {
  const d = r.drift;
  const icon = SEVERITY_ICON[rowMark(r)];
  const test = d?.test ? code(d.test) : "—";
  const score = d?.score === undefined || d.score === null ? "—" : formatNumber(d.score);
  const threshold = d?.threshold === undefined || d.threshold === null ? "—" : String(d.threshold);
  const notes = r.notes.length > 0 ? tableCell(r.notes.join("; ")) : "";
  return `| ${icon} | ${code(r.name, 100)} | ${tableCell(r.type)} | ${r.missing} | ${test} | ${score} | ${threshold} | ${tableCell(driftResultText(d))} | ${notes} |`;
}

function table(rows: ColumnRow[], budget: number): string {
  const lines = [
    "| | column | type | missing (ref → cur) | test | score | threshold | drift | notes |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  // Room for the "more columns" note and the line breaks joining the parts of the section.
  let size = lines.join("\n").length + 200;
  let shown = 0;
  for (const r of rows) {
    const line = rowLine(r);
    if (size + line.length + 1 > budget) break;
    lines.push(line);
    size += line.length + 1;
    shown++;
  }
  if (shown < rows.length)
    lines.push("", `…and ${rows.length - shown} more columns: the JSON and HTML reports list every column.`);
  return lines.join("\n");
}

function findingsBlock(findings: readonly Finding[], max: number): string[] {
  const sorted = bySeverity(findings);
  const lines = sorted.slice(0, max).map(findingLine);
  if (sorted.length > max) lines.push(`- …and ${sorted.length - max} more findings`);
  return lines;
}

/** The Markdown drift section for the sticky comment (`id: "drift"`). */
export function monitorReportMarkdown(
  report: MonitorReport,
  options: DriftSectionOptions = {},
): CommentSection {
  const top = [
    heading(report),
    "",
    headline(report),
    "",
    ...areaLines(report),
    "",
    sources(report),
    "",
    schemaBlock(report, MAX_FINDINGS),
    "",
  ];
  // Schema changes are listed in their own block above, whatever their severity.
  const findings = report.findings.filter((f) => f.area !== "schema");
  if (findings.length > 0) top.push("**Findings**", "", ...findingsBlock(findings, MAX_FINDINGS), "");
  const drifted = report.distributions.filter(
    (d) => report.drift.columns.find((c) => c.name === d.name)?.drift,
  );
  const charts = drifted.slice(0, options.charts ?? 3).map(distributionChart);
  const tail: string[] = [];
  if (charts.length > 0) tail.push("", "**Most drifted columns**", "", charts.join("\n\n"));
  if (report.classification) tail.push("", classificationBlock(report.classification));
  const fixed = top.join("\n").length + tail.join("\n").length;
  const body = [...top, table(columnRows(report), DRIFT_BODY_BUDGET - fixed), ...tail].join("\n");
  const errors = report.findings.filter((f) => f.severity === "error" && f.area !== "schema");
  const compact = [
    heading(report),
    "",
    headline(report),
    "",
    ...areaLines(report),
    "",
    schemaBlock(report, COMPACT_FINDINGS),
    "",
  ];
  if (errors.length > 0) compact.push("**Errors**", "", ...findingsBlock(errors, COMPACT_FINDINGS), "");
  compact.push("The JSON and HTML monitor reports have every column and chart.");
  return { id: "drift", body, compact: compact.join("\n") };
}
