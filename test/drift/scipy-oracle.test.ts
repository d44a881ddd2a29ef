import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { columnDrift } from "../../src/drift/column-drift.ts";
import type { ColumnValues } from "../../src/drift/columns.ts";
import { STAT_TEST_NAMES, type StatTestName } from "../../src/drift/stat-tests.ts";
import { numberColumn, stringColumn } from "./column-values.ts";
import { categoricalCases, largeKsCases, numericCases, type OracleCase } from "./oracle-cases.ts";
import { decodeNumber, runPython, scipyAvailability } from "./python-oracle.ts";

// Randomized oracle: hundreds of generated cases, every test, compared with SciPy/NumPy through python3.
// Statistics within 1e-9 relative, p-values within 1e-9 absolute.

const scipy = scipyAvailability();
if (!scipy.available) console.warn(`SKIPPING the SciPy oracle tests: ${scipy.reason}`);

const ORACLE = fileURLToPath(new URL("./oracle/drift_oracle.py", import.meta.url));
const REL = 1e-9;
const ABS_P = 1e-9;

type Expected = { id: string; empty?: boolean; default?: StatTestName } & Partial<
  Record<StatTestName, [number | string, number | string]>
>;

function columns(c: OracleCase): [ColumnValues, ColumnValues] {
  if (c.kind === "numeric") {
    return [numberColumn(c.ref.map(Number), c.integer), numberColumn(c.cur.map(Number), c.integer)];
  }
  return [stringColumn(c.ref), stringColumn(c.cur)];
}

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  if (Number.isNaN(actual) && Number.isNaN(expected)) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

const worst = { statistic: 0, pValue: 0, distance: 0, compared: 0 };

describe.skipIf(!scipy.available)("drift statistics agree with SciPy/NumPy", () => {
  const cases = [
    ...numericCases(20261125),
    ...numericCases(99).slice(0, 120),
    ...categoricalCases(7),
    ...largeKsCases(11),
  ];
  const expected = scipy.available ? runPython<Expected[]>(ORACLE, cases) : [];

  afterAll(() => {
    console.log(
      `SciPy oracle (${scipy.reason}): ${cases.length} cases, ${worst.compared} comparisons; max relative ` +
        `error of statistics ${worst.statistic.toExponential(2)}, of distances ${worst.distance.toExponential(2)}; ` +
        `max absolute p-value error ${worst.pValue.toExponential(2)}`,
    );
  });

  it("generates hundreds of cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it.each(cases.map((c, i) => [c.id, i] as const))("%s", (_id, i) => {
    const c = cases[i] as OracleCase;
    const want = expected[i] as Expected;
    const [ref, cur] = columns(c);
    if (want.empty) {
      expect(columnDrift("x", ref, cur, { type: c.type }).skipped).toMatch(/no finite values/);
      return;
    }
    for (const test of STAT_TEST_NAMES) {
      const pair = want[test];
      if (!pair) continue;
      const result = columnDrift("x", ref, cur, { type: c.type, test });
      expect(result.test).toBe(test);
      const [statistic, decoded] = pair.map(decodeNumber) as [number, number];
      // One value in both samples: SciPy's chi-square p-value is NaN (df = 0); Slipway's is 1, as its Z test.
      const score = test === "chisquare" && Number.isNaN(decoded) && statistic === 0 ? 1 : decoded;
      const statError = relativeError(result.statistic as number, statistic);
      worst.statistic = Math.max(worst.statistic, statError);
      expect(statError, `${test} statistic ${result.statistic} vs ${statistic}`).toBeLessThanOrEqual(REL);
      if (test === "ks" || test === "chisquare" || test === "z") {
        const pError =
          Number.isNaN(score) && Number.isNaN(result.score) ? 0 : Math.abs((result.score as number) - score);
        worst.pValue = Math.max(worst.pValue, pError);
        expect(pError, `${test} p-value ${result.score} vs ${score}`).toBeLessThanOrEqual(ABS_P);
      } else {
        const dError = relativeError(result.score as number, score);
        worst.distance = Math.max(worst.distance, dError);
        expect(dError, `${test} score ${result.score} vs ${score}`).toBeLessThanOrEqual(REL);
      }
      worst.compared++;
    }
    // The default choice is Evidently's, and scores like the oracle's value for that test.
    const chosen = columnDrift("x", ref, cur, { type: c.type });
    expect(chosen.test).toBe(want.default);
    const pair = chosen.test ? want[chosen.test] : undefined;
    if (pair)
      expect(Math.abs((chosen.score as number) - decodeNumber(pair[1]))).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(decodeNumber(pair[1]))),
      );
  });
});
