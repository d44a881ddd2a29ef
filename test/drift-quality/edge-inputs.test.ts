import { describe, expect, it } from "vitest";
import type { Table } from "../../src/drift/columns.ts";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import { monitorReportHtml } from "../../src/report/drift-html.ts";
import { monitorReportJson } from "../../src/report/drift-json.ts";
import { monitorReportMarkdown } from "../../src/report/drift-section.ts";
import { numberColumn, sources, stringColumn, table } from "./tables.ts";

// Degenerate samples give findings, never an exception, in every renderer.

const settings = {
  classification: { target: "y", prediction: "y", score: "a" },
  quality: { maxMissingShare: 0.1 },
};

function run(reference: Table, current: Table) {
  const report = buildMonitorReport({
    reference,
    current,
    sources: sources(reference.rowCount, current.rowCount),
    settings,
  });
  expect(() => [
    monitorReportHtml(report),
    monitorReportJson(report),
    monitorReportMarkdown(report),
  ]).not.toThrow();
  return report;
}

describe("degenerate samples", () => {
  it("two tables without columns: each declared column is named once per sample (the reference's as info)", () => {
    const report = run(table({}), table({}));
    expect(report.drift.dataset.totalColumns).toBe(0);
    expect(report.findings.map((f) => f.message)).toEqual([
      "the reference data has no 'y', 'a' columns: the metrics are judged against a dummy model",
      "column 'y' is not in the current data",
      "column 'a' is not in the current data",
    ]);
  });

  it("columns without rows", () => {
    const empty = table({ a: numberColumn([]), y: numberColumn([]) });
    const report = run(empty, empty);
    expect(report.quality.map((q) => q.missing.current)).toEqual([
      { rows: 0, missing: 0, share: 0 },
      { rows: 0, missing: 0, share: 0 },
    ]);
    expect(report.findings.map((f) => f.code)).toEqual(["reference-unlabelled", "no-labelled-rows"]);
  });

  it("columns with no value at all", () => {
    const report = run(
      table({ a: numberColumn([Number.NaN, 1]), y: stringColumn([null, null]) }),
      table({ a: numberColumn([Number.NaN]), y: stringColumn([null]) }),
    );
    expect(report.findings.map((f) => [f.code, f.column])).toEqual([
      ["missing-share", "a"],
      ["missing-share", "y"],
      ["reference-unlabelled", "y"],
      ["no-labelled-rows", "y"],
    ]);
    expect(report.drift.columns.map((c) => c.skipped)).toEqual([
      "no finite values in the current data",
      "no finite values in the reference data",
    ]);
  });
});
