import { describe, expect, it } from "vitest";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import {
  compareSchema,
  isRetyped,
  profileTables,
  schemaFindings,
} from "../../src/drift/quality/schema-changes.ts";
import { numberColumn, range, sources, stringColumn, table } from "./tables.ts";

const ints = (n: number, f: (i: number) => number) => numberColumn(range(n, f), true);
const floats = (n: number, f: (i: number) => number) => numberColumn(range(n, f));

describe("schema comparison", () => {
  const reference = table({
    id: stringColumn(range(50, (i) => `u${i}`)),
    zip: ints(50, (i) => 10000 + (i % 7)),
    count: ints(50, (i) => i),
    amount: floats(50, (i) => i + 0.5),
    legacy: floats(50, (i) => i / 3),
  });
  const current = table({
    id: stringColumn(range(40, (i) => `v${i}`)),
    zip: stringColumn(range(40, (i) => (i % 2 ? "10001" : "N/A-zone"))),
    count: floats(40, (i) => i + 0.25),
    amount: floats(40, (i) => i + 200), // whole numbers now: still the float column it was
    channel: stringColumn(range(40, (i) => (i % 2 ? "web" : "app"))),
  });

  it("finds added, removed and retyped columns, in column order", () => {
    const schema = compareSchema(profileTables(reference, current));
    expect(schema.removed).toEqual([{ name: "legacy", dtype: "float", type: "numerical" }]);
    expect(schema.added).toEqual([{ name: "channel", dtype: "text", type: "categorical" }]);
    expect(schema.retyped).toEqual([
      {
        name: "zip",
        reference: { dtype: "integer", type: "categorical" },
        current: { dtype: "text", type: "categorical" },
      },
      {
        name: "count",
        reference: { dtype: "integer", type: "numerical" },
        current: { dtype: "float", type: "numerical" },
      },
    ]);
    expect(schema.unchanged).toBe(2);
  });

  it("does not call an emptied column or whole floats a type change", () => {
    expect(isRetyped("float", "integer")).toBe(false);
    expect(isRetyped("integer", "empty")).toBe(false);
    expect(isRetyped("empty", "text")).toBe(false);
    expect(isRetyped("integer", "float")).toBe(true);
    expect(isRetyped("text", "float")).toBe(true);
    // A missing cell makes pandas read integers as floats; the values are still whole numbers.
    const withGap = table({ n: numberColumn([1, Number.NaN, 3, 4], false) });
    const schema = compareSchema(profileTables(table({ n: numberColumn([1, 2, 3, 4], true) }), withGap));
    expect(schema.retyped).toEqual([]);
  });

  it("turns changes into findings at the Monitor's severity, removed first", () => {
    const schema = compareSchema(profileTables(reference, current));
    const errors = schemaFindings(schema);
    expect(errors.map((f) => [f.code, f.column, f.severity])).toEqual([
      ["column-removed", "legacy", "error"],
      ["column-added", "channel", "error"],
      ["column-retyped", "zip", "error"],
      ["column-retyped", "count", "error"],
    ]);
    expect(errors[2]?.message).toBe(
      "column 'zip' changed type: integer (categorical) in the reference data, text (categorical) in the current data",
    );
    expect(errors[0]?.message).toBe(
      "column 'legacy' is missing from the current data (was float (numerical))",
    );
    expect(schemaFindings(schema, "warning").every((f) => f.severity === "warning")).toBe(true);
    expect(schemaFindings(schema, "ignore")).toEqual([]);
  });

  it("reports schema changes before any statistic and keeps changed columns out of drift", () => {
    // The drift engine refuses a column holding numbers on one side and text on the other; the
    // schema stage takes it out first, so the report is built instead of failing.
    const report = buildMonitorReport({ reference, current, sources: sources(50, 40) });
    expect(report.findings[0]?.area).toBe("schema");
    const areas = report.findings.map((f) => f.area);
    expect(areas).toEqual(["schema", "schema", "schema", "schema", "drift", "drift"]);
    expect(report.drift.columns.map((c) => c.name)).toEqual(["id", "amount"]);
    expect(report.status.qualityFailed).toBe(true);
    expect(report.status.verdict).toBe("fail");
  });

  it("with schemaChanges: ignore still reports the changes as data, without findings", () => {
    const report = buildMonitorReport({
      reference,
      current,
      sources: sources(50, 40),
      settings: { quality: { schemaChanges: "ignore" } },
    });
    expect(report.schema.retyped.map((r) => r.name)).toEqual(["zip", "count"]);
    expect(report.findings.filter((f) => f.area === "schema")).toEqual([]);
    expect(report.drift.columns.map((c) => c.name)).toEqual(["id", "amount"]);
  });
});
