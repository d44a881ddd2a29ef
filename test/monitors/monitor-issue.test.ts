import { describe, expect, it } from "vitest";
import { issueAlerting, monitorIssue } from "../../src/workflows/monitors/monitor-issue.ts";
import { parseRunRecord, runRecord } from "../../src/workflows/monitors/monitor-run-record.ts";
import { fraudReport } from "../report/drift-scenario.ts";

// The monitor issue says what failed and why from the run record alone: the data window read, each
// schema and data-quality problem (worst first), beside the drift table and the failed metrics.

const PREFIX = "s3://reports/acme/ml/staging/fraud-detection-drift/";

function recordOf(report = fraudReport()) {
  const record = runRecord(report, {
    monitor: "fraud-detection-drift",
    environment: "staging",
    runAt: new Date("2026-11-03T06:00:00Z"),
    json: `${PREFIX}20261103T060000Z.json`,
    html: `${PREFIX}20261103T060000Z.html`,
  });
  // What the server reads back: the record as bytes, checked against its schema.
  const parsed = parseRunRecord(new TextEncoder().encode(JSON.stringify(record)));
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.record;
}

const target = { environment: "staging", monitor: "fraud-detection-drift", model: "fraud-detector" };

describe("the monitor issue", () => {
  it("names the data window and every schema and quality problem, errors first", () => {
    const record = recordOf();
    expect(record.window).toEqual({ first: "dt=2026-11-02", last: "dt=2026-11-02", partitions: 1 });
    expect(record.qualityProblems?.map((p) => p.severity)).toEqual([
      "error",
      "error",
      "error",
      "error",
      "warning",
    ]);
    const issue = monitorIssue(record, target, issueAlerting(undefined));
    expect(issue.open).toBe(true);
    expect(issue.title).toContain("data quality checks failed");
    expect(issue.body).toContain(
      "run at 2026-11-03T06:00:00.000Z, current data `dt=2026-11-02` (1 partition): ",
    );
    const section = issue.body.slice(issue.body.indexOf("**Data quality.**"));
    expect(section).toContain(
      "- **error**: column 'legacy_score' is missing from the current data (was float (numerical))",
    );
    expect(section).toContain(
      "- **error**: column 'age': 12.3% of current rows are missing (37 of 300; reference 0%), above maxMissingShare 5%",
    );
    expect(section).toMatch(/- warning: column 'plan': 2 new categories/);
  });

  it("keeps a record without the new fields readable, and a window of many partitions short", () => {
    const { window: _w, qualityProblems: _q, ...older } = recordOf();
    const parsed = parseRunRecord(new TextEncoder().encode(JSON.stringify(older)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const body = monitorIssue(parsed.record, target, issueAlerting(undefined)).body;
    expect(body).toContain("run at 2026-11-03T06:00:00.000Z: ");
    expect(body).not.toContain("**Data quality.**");
    const weekly = recordOf();
    weekly.window = { first: "dt=2026-11-18", last: "dt=2026-11-24", partitions: 7 };
    expect(monitorIssue(weekly, target, issueAlerting(undefined)).body).toContain(
      "current data `dt=2026-11-18` … `dt=2026-11-24` (7 partitions)",
    );
  });

  it("refuses a record whose problems are not bounded", () => {
    const record = recordOf() as unknown as Record<string, unknown>;
    record.qualityProblems = Array.from({ length: 11 }, () => ({ severity: "error", message: "x" }));
    const parsed = parseRunRecord(new TextEncoder().encode(JSON.stringify(record)));
    expect(parsed).toMatchObject({ ok: false });
    expect(parsed.ok ? "" : parsed.problem).toContain("/qualityProblems");
  });
});
