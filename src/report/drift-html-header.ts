import { describeVersion } from "../drift/monitor-report/dataset-version.ts";
import type { MonitorReport } from "../drift/monitor-report/monitor-report.ts";
import { type AreaVerdict, areaVerdicts } from "./area-verdicts.ts";
import { escapeHtml, shortHtml } from "./drift-html-escape.ts";
import { datasetLine, findingCounts, SEVERITY_MARK, VERDICT_SEVERITY } from "./drift-rows.ts";

// The report's header: what ran, when and on which data, then the verdict banner and one coloured
// card per area (drift, data quality, classification) with the bound that decided it.

const AREA_MARK: Readonly<Record<AreaVerdict, string>> = { fail: "✖", warn: "⚠", pass: "✔", none: "–" };
const AREA_WORD: Readonly<Record<AreaVerdict, string>> = {
  fail: "FAIL",
  warn: "warning",
  pass: "pass",
  none: "not tested",
};
const VERDICT_WORD = { fail: "FAIL", warn: "WARN", pass: "PASS" } as const;

/** `2026-11-25 06:00:00 UTC` from an ISO time. */
export function runTime(at: string): string {
  return at.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
}

/** `dt=2026-11-18 … dt=2026-11-24 (7 partitions)`, empty for data that is not windowed. */
export function windowText(window: readonly string[]): string {
  if (window.length === 0) return "";
  const span = window.length === 1 ? window[0] : `${window[0]} … ${window[window.length - 1]}`;
  return `${span} (${window.length} ${window.length === 1 ? "partition" : "partitions"})`;
}

function versionHtml(source: MonitorReport["reference"]): string {
  return source.version ? `, ${escapeHtml(describeVersion(source.version))}` : "";
}

/** The page's title: the Monitor's name, or for two files compared by hand their names. */
export function reportTitle(report: MonitorReport): { text: string; html: string } {
  if (report.monitor !== null)
    return {
      text: `Slipway monitor report · ${report.monitor}`,
      html: `Monitor report · <code>${shortHtml(report.monitor, 120)}</code>`,
    };
  const base = (path: string) => path.replace(/\/+$/, "").split("/").pop() || path;
  const [r, c] = [base(report.reference.path), base(report.current.path)];
  return {
    text: `Slipway drift report · ${r} vs ${c}`,
    html: `Drift report · <code>${shortHtml(r, 80)}</code> vs <code>${shortHtml(c, 80)}</code>`,
  };
}

export function headerHtml(report: MonitorReport): string {
  const verdict = report.status.verdict;
  const icon = SEVERITY_MARK[VERDICT_SEVERITY[verdict]];
  const headline = `${VERDICT_WORD[verdict]} — ${report.status.drift ? "dataset drift" : "no dataset drift"}: ${datasetLine(report)} · ${findingCounts(report.findings)}`;
  const { reference: r, current: c } = report;
  const facts: string[] = [];
  if (report.run.at) facts.push(`Run at <time>${escapeHtml(runTime(report.run.at))}</time>`);
  const window = windowText(report.run.window);
  if (window) facts.push(`current data window ${escapeHtml(window)}`);
  const cards = areaVerdicts(report).map(
    (a) =>
      `<div class="area ${a.verdict}"><div class="area-title">${AREA_MARK[a.verdict]} ${escapeHtml(a.title)}: ${AREA_WORD[a.verdict]}</div><div>${shortHtml(a.detail, 400)}</div></div>`,
  );
  return `<header>
<h1>${reportTitle(report).html}</h1>
${facts.length > 0 ? `<p class="meta">${facts.join(" · ")}</p>\n` : ""}<p class="meta">Reference <code>${shortHtml(r.path, 200)}</code> (${r.rows} rows${versionHtml(r)}) · current <code>${shortHtml(c.path, 200)}</code> (${c.rows} rows${versionHtml(c)})</p>
<p class="verdict ${verdict}" id="verdict">${icon} ${escapeHtml(headline)}</p>
<div class="areas">${cards.join("")}</div>
</header>`;
}
