import type { MonitorManifest } from "../../manifests/schemas/monitor.ts";
import type { TrackingIssue } from "../tracking-issue-port.ts";
import type { MonitorRunRecord } from "./monitor-run-record.ts";

type Alert = NonNullable<MonitorManifest["spec"]["alerts"]>[number];
export type MonitorCondition = Alert["on"][number];

/** Label every monitor issue carries, so they can be listed together. */
export const MONITOR_ISSUE_LABEL = "slipway-monitor";
const MOST_DRIFTED = 5;

/** `monitor:<environment>:<monitor>`: the one issue of a monitor in an environment. */
export function monitorIssueKey(environment: string, monitor: string): string {
  return `monitor:${environment}:${monitor}`;
}

/**
 * What the Monitor's `alerts` ask of GitHub issues: the conditions its `github-issue` alerts listen to,
 * and their labels. A Monitor that declares no alerts at all gets issues for every condition (the
 * default the issue asks for); one whose alerts are all Slack or webhooks gets none — those are routed
 * by Alertmanager from the PrometheusRule. The schema has no field for people, so nobody is mentioned.
 */
export function issueAlerting(alerts: readonly Alert[] | undefined): {
  conditions: ReadonlySet<MonitorCondition>;
  labels: readonly string[];
} {
  if (alerts === undefined || alerts.length === 0)
    return { conditions: new Set(["drift", "quality", "classification"]), labels: [MONITOR_ISSUE_LABEL] };
  const issues = alerts.filter((a) => a.type === "github-issue");
  const labels = new Set([MONITOR_ISSUE_LABEL, ...issues.flatMap((a) => a.labels ?? [])]);
  return { conditions: new Set(issues.flatMap((a) => a.on)), labels: [...labels].sort() };
}

/** The conditions of `conditions` that hold at this run, in a fixed order. */
export function failingConditions(
  record: MonitorRunRecord,
  conditions: ReadonlySet<MonitorCondition>,
): MonitorCondition[] {
  const holds: Record<MonitorCondition, boolean> = {
    drift: record.status.drift,
    quality: record.status.qualityFailed,
    classification: record.status.classificationFailed,
  };
  return (["drift", "quality", "classification"] as const).filter((c) => conditions.has(c) && holds[c]);
}

const WORDS: Record<MonitorCondition, string> = {
  drift: "dataset drift",
  quality: "data quality checks failed",
  classification: "classification quality below its thresholds",
};

/**
 * The issue for one run: open while a listened-to condition holds, closed with a note once a run is
 * clean. Text from the record (column names) is untrusted: it goes into code spans, bounded, so it
 * cannot mention anyone, break the table or inject HTML.
 */
export function monitorIssue(
  record: MonitorRunRecord,
  target: { environment: string; monitor: string; model: string },
  alerting: ReturnType<typeof issueAlerting>,
): TrackingIssue {
  const failing = failingConditions(record, alerting.conditions);
  const { environment, monitor } = target;
  const key = monitorIssueKey(environment, monitor);
  const failedMetrics = (record.classification?.metrics ?? []).filter((m) => m.verdict === "fail");
  const words = (c: MonitorCondition) =>
    c === "classification" && failedMetrics.length > 0
      ? `${WORDS[c]} (${failedMetrics.map((m) => metricLabel(m.metric)).join(", ")})`
      : WORDS[c];
  const title = `Monitor ${monitor} in ${environment}: ${failing.length > 0 ? failing.map(words).join(", ") : "clean"}`;
  const { dataset } = record;
  const lines = [
    `**${monitor}** (model \`${target.model}\`) in \`${environment}\` — run at ${record.runAt}${windowWords(record)}: ${failing.length > 0 ? failing.map((c) => WORDS[c]).join("; ") : "no alerting condition holds"}.`,
    "",
    `- Verdict: \`${record.status.verdict}\`; dataset drift: ${dataset.drift ? "yes" : "no"} (${dataset.driftedColumns} of ${dataset.totalColumns} columns drifted, share ${round(dataset.share)} against ${round(dataset.driftShare)})`,
    `- Data quality failed: ${record.status.qualityFailed ? "yes" : "no"}; classification failed: ${record.status.classificationFailed ? "yes" : "no"}`,
    `- Report: ${code(record.report.html)} (HTML), ${code(record.report.json)} (JSON)`,
  ];
  const drifted = record.columns.filter((c) => c.drift).slice(0, MOST_DRIFTED);
  if (drifted.length > 0) {
    lines.push("", "| column | test | score | threshold |", "| --- | --- | --- | --- |");
    for (const c of drifted)
      lines.push(
        `| ${code(c.name)} | ${c.test} | ${c.score === null ? "NaN" : round(c.score)} | ${round(c.threshold)} |`,
      );
    const more = record.columns.filter((c) => c.drift).length - drifted.length;
    if (more > 0)
      lines.push("", `${more} more drifted ${more === 1 ? "column is" : "columns are"} in the report.`);
  }
  const problems = record.qualityProblems ?? [];
  if (problems.length > 0) {
    lines.push("", "**Data quality.**", "");
    for (const p of problems)
      lines.push(`- ${p.severity === "error" ? "**error**" : "warning"}: ${cell(p.message)}`);
  }
  for (const d of record.outputDrift ?? [])
    lines.push("", `**${d.code === "target-drift" ? "Target" : "Prediction"} drift.** ${cell(d.message)}`);
  const judged = (record.classification?.metrics ?? []).filter(
    (m) => m.verdict === "fail" || m.verdict === "warn",
  );
  if (judged.length > 0) {
    lines.push(
      "",
      "| classification metric | test | reference | current | bound |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const m of judged)
      lines.push(
        `| ${metricLabel(m.metric)} | ${m.verdict === "fail" ? "**failed**" : "past its bound in the good direction"} | ${m.reference === null ? "—" : round(m.reference)} | ${m.current === null ? "—" : round(m.current)} | ${cell(m.bound)} |`,
      );
  }
  lines.push(
    "",
    "Slipway updates this issue after each run of the monitor and closes it when a run is clean.",
  );
  return {
    key,
    title,
    body: lines.join("\n"),
    labels: alerting.labels,
    open: failing.length > 0,
    closingNote: `The run at ${record.runAt} is clean (verdict \`${record.status.verdict}\`, ${dataset.driftedColumns} of ${dataset.totalColumns} columns drifted). Report: ${code(record.report.html)}.`,
  };
}

/** `, current data dt=… … dt=… (7 partitions)`, empty when the data is not windowed. */
function windowWords(record: MonitorRunRecord): string {
  const w = record.window;
  if (!w || w.partitions === 0) return "";
  const span = w.partitions === 1 ? code(w.first) : `${code(w.first)} … ${code(w.last)}`;
  return `, current data ${span} (${w.partitions} ${w.partitions === 1 ? "partition" : "partitions"})`;
}

const METRIC_WORDS: Record<string, string> = {
  accuracy: "accuracy",
  precision: "precision",
  recall: "recall",
  f1: "F1",
  rocAuc: "ROC AUC",
  logLoss: "log loss",
  tpr: "TPR",
  tnr: "TNR",
  fpr: "FPR",
  fnr: "FNR",
};

/** A metric's name as people write it; the record is untrusted, so an unknown name is shown as code. */
function metricLabel(metric: string): string {
  return Object.hasOwn(METRIC_WORDS, metric) ? (METRIC_WORDS[metric] as string) : code(metric);
}

/** Text in a table cell: pipes escaped, one line, no mention or HTML. */
function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/\|/g, "\\|")
    .replace(/[<>@`]/g, (c) => ({ "<": "‹", ">": "›", "@": "@\u200b", "`": "'" })[c] as string)
    .slice(0, 300);
}

/** A number as a reader wants it: 4 significant digits, no exponent for ordinary values. */
function round(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

/** A code span safe in a table cell: no backticks, pipes escaped, one line, bounded. */
function code(text: string): string {
  const clean = text
    .replace(/`/g, "'")
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ");
  return `\`${clean.length > 200 ? `${clean.slice(0, 200)}…` : clean}\``;
}
