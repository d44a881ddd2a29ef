import type { MonitorReport } from "../../drift/monitor-report/monitor-report.ts";
import { monitorReportHtml } from "../../report/drift-html.ts";
import { monitorReportJson } from "../../report/drift-json.ts";
import { reportKeys, runRecord } from "./monitor-run-record.ts";

/** Where reports are written: the S3 adapter, or a map in tests. */
export interface ReportWriter {
  put(uri: string, body: string, contentType: string): Promise<void>;
}

export interface WrittenReports {
  json: string;
  html: string;
  latest: string;
}

/**
 * One monitor run's reports below `prefix` (`<prefix><UTC run time>.json` and `.html`), then
 * `latest.json` last: a reader that finds the new record finds both reports it points to, and a Job
 * that dies halfway leaves the previous record in place (one PUT replaces an object atomically).
 */
export async function writeMonitorReports(
  writer: ReportWriter,
  prefix: string,
  report: MonitorReport,
  run: { monitor: string; environment: string | null; runAt: Date },
): Promise<WrittenReports> {
  const keys = reportKeys(prefix, run.runAt);
  await writer.put(keys.json, monitorReportJson(report), "application/json");
  await writer.put(keys.html, monitorReportHtml(report), "text/html; charset=utf-8");
  const record = runRecord(report, { ...run, json: keys.json, html: keys.html });
  await writer.put(keys.latest, `${JSON.stringify(record, null, 2)}\n`, "application/json");
  return keys;
}
