import { describe, expect, it } from "vitest";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import { MAX_LISTED_CATEGORIES } from "../../src/drift/quality/category-changes.ts";
import { percent, qualityFindings } from "../../src/drift/quality/quality-findings.ts";
import { numberColumn, range, sources, stringColumn, table } from "./tables.ts";

const plan = (values: (string | null)[]) => stringColumn(values);

describe("column quality", () => {
  // reference: 10 rows, 1 missing score; current: 8 rows, 2 missing scores and one ±inf (missing too).
  const reference = table({
    score: numberColumn([1, 2, 3, 4, 5, 6, 7, 8, 9, Number.NaN]),
    plan: plan(["basic", "basic", "basic", "pro", "pro", "legacy", "basic", "pro", "basic", null]),
  });
  const current = table({
    score: numberColumn([2, 4, Number.NaN, 6, Number.POSITIVE_INFINITY, 8, Number.NaN, 10]),
    plan: plan(["basic", "trial", "trial", "enterprise", "pro", "basic", "trial", null]),
  });
  const report = buildMonitorReport({ reference, current, sources: sources(10, 8) });
  const [score, planQuality] = report.quality;

  it("compares missing shares, counting NaN and ±inf as missing", () => {
    expect(score?.missing).toEqual({
      reference: { rows: 10, missing: 1, share: 0.1 },
      current: { rows: 8, missing: 3, share: 0.375 },
    });
  });

  it("gives min, max and mean of both samples and the mean's move", () => {
    expect(score?.numeric).toEqual({
      reference: { min: 1, max: 9, mean: 5 },
      current: { min: 2, max: 10, mean: 6 },
      meanDelta: 1,
    });
    expect(planQuality?.numeric).toBeNull();
  });

  it("lists new and vanished categories with their row counts, most frequent first", () => {
    expect(planQuality?.type).toBe("categorical");
    expect(planQuality?.categories).toEqual({
      new: [
        { value: "trial", rows: 3 },
        { value: "enterprise", rows: 1 },
      ],
      newCategories: 2,
      newRows: 4,
      vanished: [{ value: "legacy", rows: 1 }],
      vanishedCategories: 1,
      vanishedRows: 1,
    });
  });

  it("reports new categories as warnings by default and vanished ones as information", () => {
    const findings = report.findings.filter((f) => f.area === "quality");
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ["new-categories", "warning"],
      ["vanished-categories", "info"],
    ]);
    expect(findings[0]?.message).toBe(
      "column 'plan': 2 new categories in the current data: 'trial' (3 rows), 'enterprise' (1 row)",
    );
    expect(findings[1]?.message).toBe(
      "column 'plan': 1 reference category is absent from the current data: 'legacy' (1 row)",
    );
  });

  it("honours newCategories: error and ignore", () => {
    const error = qualityFindings(report.quality, { newCategories: "error" });
    expect(error.find((f) => f.code === "new-categories")?.severity).toBe("error");
    const ignored = qualityFindings(report.quality, { newCategories: "ignore" });
    expect(ignored.map((f) => f.code)).toEqual(["vanished-categories"]);
  });

  it("fails a column whose current missing share is above maxMissingShare, not one at it", () => {
    const above = qualityFindings(report.quality, { maxMissingShare: 0.3 });
    expect(above[0]).toEqual({
      area: "quality",
      severity: "error",
      code: "missing-share",
      column: "score",
      message:
        "column 'score': 37.5% of current rows are missing (3 of 8; reference 10%), above maxMissingShare 30%",
    });
    const at = qualityFindings(report.quality, { maxMissingShare: 0.375 });
    expect(at.some((f) => f.code === "missing-share")).toBe(false);
    const strict = buildMonitorReport({
      reference,
      current,
      sources: sources(10, 8),
      settings: { quality: { maxMissingShare: 0.3 } },
    });
    expect(strict.status.qualityFailed).toBe(true);
  });

  it("warns when a column has no value left in the current data", () => {
    const r = buildMonitorReport({
      reference: table({ a: numberColumn([1, 2, 3]) }),
      current: table({ a: stringColumn([null, null]) }),
      sources: sources(3, 2),
    });
    expect(r.schema.retyped).toEqual([]);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([["column-empty", "warning"]]);
    expect(r.drift.columns[0]?.skipped).toBe("no finite values in the current data");
  });

  it("counts every new category but lists at most 20, and skips text columns", () => {
    const many = table({ c: stringColumn(range(60, (i) => `x${i % 30}`)) });
    const base = table({ c: stringColumn(range(60, (i) => `x${i % 3}`)) });
    const r = buildMonitorReport({ reference: base, current: many, sources: sources(60, 60) });
    const cats = r.quality[0]?.categories;
    expect(cats?.newCategories).toBe(27);
    expect(cats?.new).toHaveLength(MAX_LISTED_CATEGORIES);
    expect(r.findings.find((f) => f.code === "new-categories")?.message).toMatch(/and 22 more$/);
    const ids = buildMonitorReport({
      reference: table({ id: stringColumn(range(10, (i) => `a${i}`)) }),
      current: table({ id: stringColumn(range(10, (i) => `b${i}`)) }),
      sources: sources(10, 10),
    });
    expect(ids.quality[0]?.type).toBe("text");
    expect(ids.quality[0]?.categories).toBeNull();
  });

  it("treats integer codes as categories, and honours a declared type", () => {
    const reference = table({ k: numberColumn([1, 2, 1, 2, 3], true) });
    const current = table({ k: numberColumn([1, 2, 4, 4, 3], true) });
    const r = buildMonitorReport({ reference, current, sources: sources(5, 5) });
    expect(r.quality[0]?.categories?.new).toEqual([{ value: "4", rows: 2 }]);
    const declared = buildMonitorReport({
      reference,
      current,
      sources: sources(5, 5),
      settings: { columns: [{ name: "k", type: "numerical" }] },
    });
    expect(declared.quality[0]?.type).toBe("numerical");
    expect(declared.quality[0]?.categories).toBeNull();
  });

  it("prints shares as short percentages", () => {
    expect([0, 0.05, 0.375, 1 / 3, 0.00001234].map(percent)).toEqual([
      "0%",
      "5%",
      "37.5%",
      "33.3%",
      "0.0012%",
    ]);
  });
});
