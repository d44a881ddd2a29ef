import type { MonitorReport } from "../drift/monitor-report/monitor-report.ts";
import { driftReportJson } from "../drift/report-json.ts";

// The monitor report as JSON (docs/drift-json.md, "Monitor report"): the `slipway drift --format json`
// document — `dataset`, `reference`, `current`, `columns`, unchanged — extended with a kind and version,
// the status, findings, schema, quality, classification and chart distributions.

export const MONITOR_REPORT_KIND = "slipway.dev/MonitorReport";
export const MONITOR_REPORT_VERSION = 1;

/** JSON has no NaN or infinity: they are written as "NaN", "Infinity" and "-Infinity", as in drift JSON. */
function finiteOrString(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) {
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  return value;
}

export function monitorReportJson(report: MonitorReport): string {
  // The drift part is exactly the drift command's document, so a reader of one reads the other.
  const drift = JSON.parse(driftReportJson(report.drift, report.reference, report.current)) as Record<
    string,
    unknown
  >;
  const body = {
    kind: MONITOR_REPORT_KIND,
    version: MONITOR_REPORT_VERSION,
    monitor: report.monitor,
    run: report.run,
    status: report.status,
    findings: report.findings,
    schema: report.schema,
    quality: report.quality,
    ...drift,
    classification: report.classification,
    distributions: report.distributions,
  };
  return `${JSON.stringify(body, finiteOrString, 2)}\n`;
}
