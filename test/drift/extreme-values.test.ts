import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { columnDrift } from "../../src/drift/column-drift.ts";
import { datasetDrift } from "../../src/drift/dataset-drift.ts";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import { driftReportJson } from "../../src/drift/report-json.ts";
import { driftReportText } from "../../src/drift/report-text.ts";
import { STAT_TEST_NAMES, type StatTestName } from "../../src/drift/stat-tests.ts";
import { monitorReportJson } from "../../src/report/drift-json.ts";
import { monitorReportMarkdown } from "../../src/report/drift-section.ts";
import { numberColumn } from "./column-values.ts";
import { decodeNumber, runPython, scipyAvailability } from "./python-oracle.ts";
import { normal, seededRandom } from "./seeded-random.ts";

// Values near the ends of float64 (issue #16): a 1e300 outlier made the reference std overflow to NaN
// and the column pass as "ok"; ±1.79e308 made the Sturges range infinite and the binned tests crash.
// Every score is either computed without overflow or, when it cannot be, fails its column.

const scipy = scipyAvailability();
const ORACLE = fileURLToPath(new URL("./oracle/drift_oracle.py", import.meta.url));
const MAX = 1.79e308;

function sample(n: number, mean: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => normal(random) + mean);
}

/** N(0,1) with one 1e300 outlier against N(5,1), 2,000 rows each (Wasserstein is the default above 1,000). */
const outlier = () => {
  const reference = sample(2000, 0, 1);
  reference[0] = 1e300;
  return { reference, current: sample(2000, 5, 2) };
};

/** N(0,1) with -1.79e308 and +1.79e308 against N(5,1): the pooled range overflows float64. */
const extremes = () => {
  const reference = sample(2000, 0, 3);
  reference[0] = MAX;
  reference[1] = -MAX;
  return { reference, current: sample(2000, 5, 4) };
};

describe("drift scores at the ends of float64", () => {
  it("Wasserstein with a 1e300 outlier is a finite score, not NaN reported as no drift", () => {
    const { reference, current } = outlier();
    const r = columnDrift("x", numberColumn(reference), numberColumn(current));
    expect(r.test).toBe("wasserstein");
    expect(Number.isFinite(r.score)).toBe(true);
    expect(Number.isFinite(r.statistic)).toBe(true);
    expect(r.reference.std).toBeGreaterThan(1e297);
    expect(r.error).toBeUndefined();
  });

  for (const test of STAT_TEST_NAMES) {
    it(`${test} with ±1.79e308 in the reference computes a finite score`, () => {
      const { reference, current } = extremes();
      const r = columnDrift("x", numberColumn(reference), numberColumn(current), { test });
      expect(r.test).toBe(test);
      expect(Number.isFinite(r.score), `${test} score ${r.score}`).toBe(true);
      expect(r.error).toBeUndefined();
      expect(Number.isFinite(r.reference.mean)).toBe(true);
      expect(Number.isFinite(r.reference.std)).toBe(true);
    });
  }

  it("a score that overflows float64 fails its column with a located error", () => {
    // The reference is constant (std 0, floored at 0.001) at -1.79e308, the current at +1.79e308: the
    // normed Wasserstein distance is about 3.6e311, beyond float64 (1,024 rows: the mean of a constant
    // column is then exact, so its std is 0).
    const reference = numberColumn(new Array(1024).fill(-MAX));
    const current = numberColumn(new Array(1024).fill(MAX));
    const r = columnDrift("amount", reference, current, { test: "wasserstein", threshold: 0.1 });
    expect(r.score).toBeNull();
    expect(r.drift).toBe(true);
    expect(r.error).toMatch(/wasserstein score .*cannot be computed/);
    const report = datasetDrift(
      { rowCount: 1024, columns: new Map([["amount", reference]]) },
      { rowCount: 1024, columns: new Map([["amount", current]]) },
      { test: "wasserstein" },
    );
    expect(report.dataset.drift).toBe(true);
    const source = { path: "r.csv", rows: 1024 };
    const text = driftReportText(report, source, source);
    expect(text).toMatch(/amount .* ERROR/);
    expect(text).toContain("amount: the wasserstein score cannot be computed");
    const json = JSON.parse(driftReportJson(report, source, source));
    expect(json.columns[0]).toMatchObject({ name: "amount", score: null, drift: true });
    expect(json.columns[0].error).toMatch(/cannot be computed/);
  });
});

describe("a monitor run at the ends of float64", () => {
  it("reports ±1.79e308 columns with finite numbers, and an uncomputable score as an error finding", () => {
    // 2,048 rows: the mean of the constant column is exact, so its std is 0 (see the test above).
    const reference = [...extremes().reference, ...sample(48, 0, 5)];
    const current = sample(2048, 5, 6);
    const column = (values: number[]) => numberColumn(values);
    const table = (x: number[], y: number[]) => ({
      rowCount: x.length,
      columns: new Map([
        ["x", column(x)],
        ["flat", column(y)],
      ]),
    });
    const report = buildMonitorReport({
      reference: table(reference, new Array(2048).fill(-MAX)),
      current: table(current, new Array(2048).fill(MAX)),
      sources: { reference: { path: "r.csv", rows: 2048 }, current: { path: "c.csv", rows: 2048 } },
      settings: { columns: [{ name: "x" }, { name: "flat", method: "wasserstein" }] },
    });
    const x = report.drift.columns.find((c) => c.name === "x");
    expect(Number.isFinite(x?.score)).toBe(true);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ code: "drift-not-computed", column: "flat", severity: "error" }),
    );
    expect(report.status.verdict).toBe("fail");
    const rendered = monitorReportJson(report) + monitorReportMarkdown(report);
    expect(rendered).not.toMatch(/NaN/);
  });
});

type Expected = { id: string } & Partial<Record<StatTestName | "kl_div", [number | string, number | string]>>;

/**
 * The oracle cannot take these values as they are (NumPy overflows too), so it gets them scaled by an
 * exact power of two: every score is scale-invariant and the Wasserstein statistic scales with the data.
 */
describe.skipIf(!scipy.available)("drift scores at the ends of float64 agree with SciPy", () => {
  const cases = [
    { id: "outlier", scale: 2 ** -520, ...outlier() },
    { id: "extremes", scale: 2 ** -520, ...extremes() },
  ];
  const expected = scipy.available
    ? runPython<Expected[]>(
        ORACLE,
        cases.map((c) => ({
          id: c.id,
          kind: "numeric",
          type: "numerical",
          integer: false,
          ref: c.reference.map((v) => String(v * c.scale)),
          cur: c.current.map((v) => String(v * c.scale)),
        })),
      )
    : [];

  for (const [index, c] of cases.entries())
    for (const test of STAT_TEST_NAMES)
      it(`${c.id}: ${test}`, () => {
        const want = expected[index] as Expected;
        const pair = want[test === "kl" ? "kl_div" : test] ?? want[test];
        if (!pair) throw new Error(`the oracle has no ${test} for ${c.id}`);
        const [statistic, score] = pair.map(decodeNumber) as [number, number];
        const r = columnDrift("x", numberColumn(c.reference), numberColumn(c.current), { test });
        const scaleBack = test === "wasserstein" ? 1 / c.scale : 1;
        const close = (actual: number | null, wanted: number) => {
          // χ² is infinite when the current data hold values the reference never had, here and in SciPy.
          if (actual === wanted) return;
          expect(Math.abs((actual as number) - wanted)).toBeLessThanOrEqual(
            1e-9 * Math.max(Math.abs(wanted), 1e-12),
          );
        };
        close(r.statistic, statistic * scaleBack);
        close(r.score, score);
      });
});
