import { describe, expect, it } from "vitest";
import { DriftInputError } from "../../src/drift/column-drift.ts";
import type { ColumnValues, Table } from "../../src/drift/columns.ts";
import { datasetDrift } from "../../src/drift/dataset-drift.ts";
import { numberColumn, stringColumn } from "./column-values.ts";

const table = (columns: Record<string, ColumnValues>): Table => ({
  rowCount:
    Object.values(columns)[0]?.kind === "number"
      ? (Object.values(columns)[0] as { values: Float64Array }).values.length
      : 0,
  columns: new Map(Object.entries(columns)),
});
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe("dataset drift", () => {
  const same = numberColumn(range(200, (i) => Math.sin(i) * 3));
  const shifted = numberColumn(range(200, (i) => Math.sin(i) * 3 + 5));

  it("drifts when the share of drifted columns reaches 0.5", () => {
    const report = datasetDrift(table({ a: same, b: same }), table({ a: shifted, b: same }));
    expect(report.dataset).toEqual({
      drift: true,
      share: 0.5,
      driftedColumns: 1,
      totalColumns: 2,
      driftShare: 0.5,
    });
  });

  it("does not drift below the share", () => {
    const report = datasetDrift(
      table({ a: same, b: same, c: same }),
      table({ a: shifted, b: same, c: same }),
    );
    expect(report.dataset.drift).toBe(false);
    expect(report.dataset.share).toBeCloseTo(1 / 3, 15);
  });

  it("leaves text columns out of the share", () => {
    const ids = stringColumn(range(200, (i) => `id${i}`));
    const report = datasetDrift(table({ a: shifted, id: ids }), table({ a: same, id: ids }));
    expect(report.dataset.totalColumns).toBe(1);
    expect(report.columns.map((c) => c.name)).toEqual(["a", "id"]);
  });

  it("honours per-column thresholds and tests", () => {
    const overrides = new Map([["a", { test: "psi" as const, threshold: 100 }]]);
    const report = datasetDrift(table({ a: same }), table({ a: shifted }), { overrides });
    expect(report.columns[0]?.test).toBe("psi");
    expect(report.columns[0]?.threshold).toBe(100);
    expect(report.columns[0]?.drift).toBe(false);
  });

  it("applies a numeric-only test to numeric columns and keeps the default for categories", () => {
    const cat = stringColumn(range(200, (i) => (i % 3 === 0 ? "x" : "y")));
    const report = datasetDrift(table({ a: same, c: cat }), table({ a: shifted, c: cat }), { test: "ks" });
    expect(report.columns.map((c) => c.test)).toEqual(["ks", "z"]);
  });

  it("rejects a requested column that is missing", () => {
    expect(() => datasetDrift(table({ a: same }), table({ a: same }), { columns: ["nope"] })).toThrow(
      DriftInputError,
    );
  });

  it("rejects a column that is numeric on one side and text on the other", () => {
    expect(() => datasetDrift(table({ a: same }), table({ a: stringColumn(["x"]) }))).toThrow(
      /numbers in the reference/,
    );
  });

  it("reports a column without finite values as skipped", () => {
    const report = datasetDrift(
      table({ a: numberColumn([Number.NaN, Number.POSITIVE_INFINITY]) }),
      table({ a: same }),
    );
    expect(report.columns[0]?.skipped).toMatch(/reference/);
    expect(report.columns[0]?.reference).toEqual({ count: 0, missing: 2, distinct: 0 });
    expect(report.dataset.totalColumns).toBe(0);
  });
});
