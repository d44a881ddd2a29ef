import { type ColumnDistribution, OTHER_LABEL } from "../drift/monitor-report/distributions.ts";
import { bySeverity } from "../drift/monitor-report/finding.ts";
import { MAX_DISTRIBUTIONS, type MonitorReport } from "../drift/monitor-report/monitor-report.ts";
import { classificationHtml } from "./classification-html.ts";
import { escapeHtml, shortHtml } from "./drift-html-escape.ts";
import { headerHtml, reportTitle } from "./drift-html-header.ts";
import { DRIFT_HTML_STYLE } from "./drift-html-style.ts";
import { distributionSvg } from "./drift-html-svg.ts";
import { columnsTable, qualityTable } from "./drift-html-tables.ts";
import { columnRows, driftResultText, isTested, SEVERITY_MARK, schemaChangeLines } from "./drift-rows.ts";

// A self-contained HTML monitor report, like Evidently's save_html but static: one file, inline CSS and
// inline SVG, no script and no external URL, every text escaped — it opens offline, in a mail client or
// as a CI artifact, and reads the same without JavaScript.

function section(id: string, title: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function schemaHtml(report: MonitorReport): string {
  const changes = schemaChangeLines(report);
  if (changes.length === 0)
    return `<p>Unchanged: ${report.schema.unchanged} columns in both samples, with the same types.</p>`;
  const rows = changes.map(
    (c) =>
      `<tr class="${c.severity ?? "info"}"><td class="mark">${SEVERITY_MARK[c.severity ?? "info"]}</td><td>${c.change}</td><td><code>${shortHtml(c.name, 120)}</code></td><td>${escapeHtml(c.detail)}</td></tr>`,
  );
  return `<p>Schema changes come first: these columns are kept out of every statistic below.</p><table><tr><th></th><th>change</th><th>column</th><th>type</th></tr>${rows.join("")}</table>`;
}

function findingsHtml(report: MonitorReport): string {
  if (report.findings.length === 0) return "<p>No findings.</p>";
  const items = bySeverity(report.findings).map(
    (f) =>
      `<li class="${f.severity}">${SEVERITY_MARK[f.severity]} <strong>${f.area}</strong>: ${shortHtml(f.message, 600)}</li>`,
  );
  return `<ul class="findings">${items.join("")}</ul>`;
}

const SCALE_WORDS: Readonly<Record<ColumnDistribution["scale"], string>> = {
  integer: "whole numbers",
  linear: "equal-width bins",
  log: "logarithmic bins (skewed, over orders of magnitude)",
  quantile: "bins at the reference's deciles (skewed)",
  categories: "most frequent values",
};

/** The in-page anchor of the i-th chart (column names are data: they never become ids). */
const chartAnchor = (i: number) => `chart-${i + 1}`;

function scaleWords(d: ColumnDistribution): string {
  const shown = d.labels.filter((l) => l !== OTHER_LABEL).length;
  if (d.distinct === null || d.distinct <= shown) return SCALE_WORDS[d.scale];
  return `the ${shown} most frequent of ${d.distinct} distinct values`;
}

function chartsHtml(report: MonitorReport): string {
  if (report.distributions.length === 0) return "<p>No column to chart.</p>";
  const drift = new Map(report.drift.columns.map((c) => [c.name, c]));
  const figures = report.distributions.map((d, i) => {
    const result = drift.get(d.name) ?? null;
    const word = driftResultText(result);
    const cls = !isTested(result) ? "untested" : result?.drift ? "drift" : "nodrift";
    return `<figure class="chart" id="${chartAnchor(i)}"><figcaption><code>${shortHtml(d.name, 80)}</code> <span class="tag">${d.type}</span> <span class="result ${cls}">${escapeHtml(word)}</span> <span class="muted">· ${scaleWords(d)}</span></figcaption>${distributionSvg(d)}</figure>`;
  });
  const retyped = report.schema.retyped.length;
  let note =
    retyped > 0
      ? ` Retyped columns (${retyped}) have no chart: their samples hold different kinds of values.`
      : "";
  // Columns past the cap (MAX_DISTRIBUTIONS) are in the tables and the JSON, not charted: say how many.
  const chartable = report.quality.filter((q) => !q.retyped).length;
  const left = chartable - report.distributions.length;
  if (left > 0)
    note += ` ${left} more ${left === 1 ? "column has" : "columns have"} no chart (at most ${MAX_DISTRIBUTIONS} are drawn: the tested ones first).`;
  return `<p class="muted">Every column both samples have, the most drifted tested ones first; bars are % of each sample's present values (hover a bar for the counts).${note}</p><div class="charts">${figures.join("")}</div>`;
}

/** The whole report as one HTML document. */
export function monitorReportHtml(report: MonitorReport): string {
  const sections = [
    section("schema", "Schema", schemaHtml(report)),
    section("findings", "Findings", findingsHtml(report)),
    section(
      "columns",
      "Columns",
      columnsTable(
        columnRows(report),
        new Map(report.distributions.map((d, i) => [d.name, { anchor: chartAnchor(i), distribution: d }])),
      ),
    ),
    section("distributions", "Distributions", chartsHtml(report)),
    section("quality", "Data quality", qualityTable(report.quality)),
  ];
  if (report.classification)
    sections.push(section("classification", "Classification", classificationHtml(report.classification)));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(reportTitle(report).text)}</title>
<style>${DRIFT_HTML_STYLE}</style>
</head>
<body>
${headerHtml(report)}
${sections.join("\n")}
</body>
</html>
`;
}
