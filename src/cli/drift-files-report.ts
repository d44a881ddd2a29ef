import type { Label } from "../drift/classification/binary-labels.ts";
import type { ClassificationSettings } from "../drift/classification/classification-quality.ts";
import type { Table } from "../drift/columns.ts";
import { buildMonitorReport } from "../drift/monitor-report/build-monitor-report.ts";
import type { MonitorReport } from "../drift/monitor-report/monitor-report.ts";
import type { MonitorColumnSettings, MonitorSettings } from "../drift/monitor-report/monitor-settings.ts";
import type { StatTestName } from "../drift/stat-tests.ts";
import { monitorReportHtml } from "../report/drift-html.ts";
import { monitorReportJson } from "../report/drift-json.ts";
import { monitorReportMarkdown } from "../report/drift-section.ts";
import { monitorReportText } from "../report/drift-text.ts";
import { UsageError } from "./io.ts";

// `slipway drift --reference A --current B` as a monitor report (issue #17, item 4): the same
// report a Monitor produces — schema, quality, drift, classification — from two files and flags, so a
// user gets the HTML or Markdown report, or classification quality, without writing a Monitor.

export type ReportFormat = "text" | "json" | "markdown" | "html";

export interface ClassificationFlags {
  target?: string | undefined;
  prediction?: string | undefined;
  score?: string | undefined;
  positiveLabel?: string | undefined;
}

/** `1` is the number 1 and `true` the boolean, as in a Monitor's YAML; anything else is text. */
export function parseLabel(text: string): Label {
  if (text === "true" || text === "false") return text === "true";
  const n = Number(text);
  return text.trim() !== "" && Number.isFinite(n) ? n : text;
}

/** The classification settings of the flags; null without any; a usage error when half given. */
export function classificationOf(flags: ClassificationFlags): ClassificationSettings | null {
  const given = Object.values(flags).some((v) => v !== undefined);
  if (!given) return null;
  if (flags.target === undefined || flags.prediction === undefined)
    throw new UsageError("--target and --prediction go together (--score and --positive-label need both)");
  for (const [flag, name] of [
    ["--target", flags.target],
    ["--prediction", flags.prediction],
    ["--score", flags.score],
  ] as const)
    if (name !== undefined && name.trim() === "") throw new UsageError(`${flag} takes a column name`);
  return {
    target: flags.target,
    prediction: flags.prediction,
    ...(flags.score !== undefined ? { score: flags.score } : {}),
    ...(flags.positiveLabel !== undefined ? { positiveLabel: parseLabel(flags.positiveLabel) } : {}),
  };
}

export interface FilesReportInputs {
  reference: Table;
  current: Table;
  paths: { reference: string; current: string };
  columns?: readonly string[] | undefined;
  categorical: readonly string[];
  method?: StatTestName | undefined;
  threshold?: number | undefined;
  driftShare?: number | undefined;
  classification: ClassificationSettings | null;
  /** When the comparison ran: the report's run time. */
  at: Date;
}

export function filesReport(inputs: FilesReportInputs): MonitorReport {
  const categorical = new Set(inputs.categorical);
  // Every compared column is listed so --categorical can type it; without --columns, those both share.
  const names =
    inputs.columns ?? [...inputs.reference.columns.keys()].filter((name) => inputs.current.columns.has(name));
  const columns: MonitorColumnSettings[] = names.map((name) =>
    categorical.has(name) ? { name, type: "categorical" } : { name },
  );
  const settings: MonitorSettings = {
    columns,
    drift: {
      method: inputs.method ?? "auto",
      ...(inputs.threshold !== undefined ? { threshold: inputs.threshold } : {}),
      ...(inputs.driftShare !== undefined ? { datasetShare: inputs.driftShare } : {}),
    },
    ...(inputs.classification ? { classification: inputs.classification } : {}),
  };
  return buildMonitorReport({
    reference: inputs.reference,
    current: inputs.current,
    sources: {
      reference: { path: inputs.paths.reference, rows: inputs.reference.rowCount },
      current: { path: inputs.paths.current, rows: inputs.current.rowCount },
    },
    settings,
    run: { at: inputs.at },
  });
}

export function renderReport(report: MonitorReport, format: ReportFormat): string {
  if (format === "json") return monitorReportJson(report);
  if (format === "html") return monitorReportHtml(report);
  if (format === "markdown") return `${monitorReportMarkdown(report).body}\n`;
  return monitorReportText(report);
}
