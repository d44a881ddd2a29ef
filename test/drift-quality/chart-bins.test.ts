import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { histogramSorted } from "../../src/drift/histogram.ts";
import {
  histogramCounts,
  numericBins,
  quantileSorted,
  skewness,
} from "../../src/drift/monitor-report/chart-bins.ts";
import { columnDistribution } from "../../src/drift/monitor-report/distributions.ts";
import { normal, seededRandom } from "../drift/seeded-random.ts";
import { numberColumn, range, stringColumn } from "../drift-quality/tables.ts";

// Chart bins a reader can use: whole numbers get integer-aligned bars, skewed columns quantile or log
// bins, the rest ten equal-width bins; counts add up to each sample's present values.

const sorted = (values: number[]) => Float64Array.from(values).sort();
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("numeric chart bins", () => {
  it("one bar per whole number for a few of them, whole-number ranges for more", () => {
    const few = numericBins(sorted([0, 1, 1, 2, 5]), sorted([1, 2, 2, 7]));
    expect(few.scale).toBe("integer");
    expect(few.labels).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
    expect(few.reference).toEqual([1, 2, 1, 0, 0, 1, 0, 0]);
    expect(few.current).toEqual([0, 1, 2, 0, 0, 0, 0, 1]);
    const many = numericBins(sorted(range(100, (i) => i)), sorted(range(50, (i) => 2 * i + 1)));
    expect(many.scale).toBe("integer");
    expect(many.labels).toEqual([
      "0–9",
      "10–19",
      "20–29",
      "30–39",
      "40–49",
      "50–59",
      "60–69",
      "70–79",
      "80–89",
      "90–99",
    ]);
    expect(many.reference).toEqual(Array(10).fill(10));
    expect(many.current).toEqual(Array(10).fill(5));
  });

  it("logarithmic bins for a skewed positive column over orders of magnitude", () => {
    const random = seededRandom(3);
    const amounts = sorted(range(1000, () => Math.exp(3 + 1.5 * normal(random)) + 0.5));
    const bins = numericBins(amounts, amounts);
    expect(bins.scale).toBe("log");
    expect(bins.edges[0]).toBe(amounts[0]);
    expect(bins.edges[10]).toBe(amounts[999]);
    const ratios = bins.edges.slice(1).map((e, i) => e / (bins.edges[i] as number));
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0] as number, 9);
    expect(sum(bins.reference)).toBe(1000);
  });

  it("bins at the reference's deciles for a skewed column that is not positive", () => {
    const random = seededRandom(4);
    const skewed = sorted(range(1000, () => -Math.log(1 - random()) - 0.5));
    expect(skewness(skewed)).toBeGreaterThan(1);
    const current = sorted(range(800, () => random() * 2 - 0.5));
    const bins = numericBins(skewed, current);
    expect(bins.scale).toBe("quantile");
    expect(bins.edges).toHaveLength(11);
    expect(bins.edges[1]).toBe(quantileSorted(skewed, 0.1));
    // Each reference bar holds a tenth (ties aside); the current bars show where its mass sits.
    for (const c of bins.reference) expect(c).toBe(100);
    expect(sum(bins.current)).toBe(800);
  });

  it("ten equal-width bins otherwise, and a constant column in one place", () => {
    const random = seededRandom(5);
    const normalish = sorted(range(500, () => 10 + normal(random)));
    const bins = numericBins(normalish, normalish);
    expect(bins.scale).toBe("linear");
    expect(bins.edges).toHaveLength(11);
    expect(sum(bins.reference)).toBe(500);
    const constant = numericBins(sorted([2.5, 2.5]), sorted([2.5]));
    expect(constant.edges[0]).toBe(2);
    expect(constant.edges[10]).toBe(3);
    expect(sum(constant.current)).toBe(1);
  });

  it("counts any order of values as NumPy's histogram counts sorted ones", () => {
    const value = fc.oneof(
      fc.integer({ min: -20, max: 20 }).map((i) => i / 4),
      fc.double({ min: -10, max: 10, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 200 }),
        fc.array(value, { minLength: 2, maxLength: 12 }),
        (values, rawEdges) => {
          const edges = Float64Array.from(rawEdges).sort();
          const sortedValues = Float64Array.from(values).sort();
          expect(histogramCounts(Float64Array.from(values), edges)).toEqual(
            Array.from(histogramSorted(sortedValues, edges)),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("gives the same bins whatever the order of the samples", () => {
    const random = seededRandom(6);
    const skewed = range(2000, () => -Math.log(1 - random()));
    const shuffled = [...skewed].sort(() => random() - 0.5);
    const current = range(700, () => random() * 3);
    expect(numericBins(Float64Array.from(shuffled), Float64Array.from(current))).toEqual(
      numericBins(sorted(skewed), sorted(current)),
    );
  });

  it("numbers used as categories are charted in numeric order, with counts and totals", () => {
    const d = columnDistribution(
      "clicks",
      "categorical",
      numberColumn([3, 1, 1, 10, 2, Number.NaN], true),
      numberColumn([10, 10, 2], true),
    );
    expect(d).toMatchObject({
      scale: "categories",
      labels: ["1", "2", "3", "10"],
      counts: { reference: [2, 1, 1, 1], current: [0, 1, 0, 2] },
      totals: { reference: 5, current: 3 },
      distinct: 4,
    });
    // Many values: the 9 most frequent get bars, the rest one (other) bar; `distinct` counts them all.
    const ids = columnDistribution(
      "id",
      "text",
      stringColumn(range(40, (i) => `u${i}`)),
      stringColumn(range(10, (i) => `v${i}`)),
    );
    expect(ids?.labels).toHaveLength(10);
    expect(ids?.labels[9]).toBe("(other)");
    expect(ids?.distinct).toBe(50);
  });
});
