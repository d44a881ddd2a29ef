import { movement } from "../drift/classification/classification-tests.ts";
import type { Finding } from "../drift/monitor-report/finding.ts";
import type { MonitorReport } from "../drift/monitor-report/monitor-report.ts";
import { datasetLine, plural } from "./drift-rows.ts";

// One verdict per area of a monitor run — drift, data quality, classification — with the bound that
// decided it, for the report's header: what failed and why, at a glance. An area nothing tested is
// `none`, never a pass.

export type AreaVerdict = "fail" | "warn" | "pass" | "none";

export interface Area {
  area: "drift" | "quality" | "classification";
  title: string;
  verdict: AreaVerdict;
  /** The deciding fact: the failing bound, or what passed. */
  detail: string;
}

function worst(findings: readonly Finding[]): AreaVerdict {
  if (findings.some((f) => f.severity === "error")) return "fail";
  if (findings.some((f) => f.severity === "warning")) return "warn";
  return "pass";
}

function firstOf(findings: readonly Finding[], severity: Finding["severity"]): string | null {
  const list = findings.filter((f) => f.severity === severity);
  if (list.length === 0) return null;
  const more = list.length > 1 ? ` (and ${list.length - 1} more)` : "";
  return `${(list[0] as Finding).message}${more}`;
}

function driftArea(report: MonitorReport): Area {
  const findings = report.findings.filter((f) => f.area === "drift");
  const d = report.drift.dataset;
  if (d.totalColumns === 0 && findings.length === 0)
    return { area: "drift", title: "Drift", verdict: "none", detail: "no column was tested" };
  const verdict = worst(findings);
  const warned = findings.filter((f) => f.severity === "warning").length;
  const detail =
    verdict === "fail"
      ? (firstOf(findings, "error") ?? datasetLine(report))
      : `${datasetLine(report)}${warned > 0 ? `; ${plural(warned, "warning", "warnings")}` : ""}`;
  return { area: "drift", title: "Drift", verdict, detail };
}

function qualityArea(report: MonitorReport): Area {
  const findings = report.findings.filter((f) => f.area === "schema" || f.area === "quality");
  const verdict = worst(findings);
  const detail =
    firstOf(findings, "error") ??
    firstOf(findings, "warning") ??
    `${plural(report.quality.length, "column", "columns")} checked: schema, missing values, categories`;
  return { area: "quality", title: "Data quality", verdict, detail };
}

function classificationArea(report: MonitorReport): Area {
  const c = report.classification;
  const title = "Classification";
  if (!c)
    return {
      area: "classification",
      title,
      verdict: "none",
      // Two files compared by hand have no Monitor: the flags ask for classification there.
      detail:
        report.monitor === null
          ? "not asked for (--target and --prediction)"
          : "not configured in the Monitor",
    };
  const findings = report.findings.filter((f) => f.area === "classification");
  const tested = c.tests.filter((t) => t.verdict !== "not-tested");
  if (tested.length === 0)
    return {
      area: "classification",
      title,
      verdict: findings.some((f) => f.severity === "error") ? "fail" : "none",
      detail: firstOf(findings, "error") ?? "no metric could be tested",
    };
  const failed = c.tests.filter((t) => t.verdict === "fail");
  const warned = c.tests.filter((t) => t.verdict === "warn");
  const verdict = worst(findings);
  const first = (list: typeof failed, word: string) =>
    `${movement(list[0] as (typeof failed)[number])} ${word} ${(list[0] as (typeof failed)[number]).bound}${list.length > 1 ? ` (and ${list.length - 1} more)` : ""}`;
  const detail =
    failed.length > 0
      ? first(failed, "fails")
      : (firstOf(findings, "error") ??
        (warned.length > 0
          ? first(warned, "is past")
          : `${plural(tested.length, "metric", "metrics")} within their bounds`));
  return { area: "classification", title, verdict, detail };
}

export function areaVerdicts(report: MonitorReport): Area[] {
  return [driftArea(report), qualityArea(report), classificationArea(report)];
}
