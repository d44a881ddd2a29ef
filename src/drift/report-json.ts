import type { DriftReport } from "./dataset-drift.ts";

// The stable JSON form of a drift report (documented in docs/drift-json.md). JSON has no NaN or
// infinity, so non-finite numbers are written as the strings "NaN", "Infinity" and "-Infinity".

export interface DatasetSource {
  path: string;
  rows: number;
}

function finiteOrString(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) {
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  return value;
}

export function driftReportJson(
  report: DriftReport,
  reference: DatasetSource,
  current: DatasetSource,
): string {
  const columns = report.columns.map((c) => ({
    name: c.name,
    type: c.type,
    test: c.test,
    statistic: c.statistic,
    score: c.score,
    threshold: c.threshold,
    drift: c.drift,
    ...(c.skipped ? { skipped: c.skipped } : {}),
    ...(c.error ? { error: c.error } : {}),
    reference: c.reference,
    current: c.current,
  }));
  const body = { dataset: report.dataset, reference, current, columns };
  return `${JSON.stringify(body, finiteOrString, 2)}\n`;
}
