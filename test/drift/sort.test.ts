import { describe, expect, it } from "vitest";
import { RADIX_SORT_MIN_LENGTH, sortFloat64 } from "../../src/drift/sort.ts";
import { normal, seededRandom } from "./seeded-random.ts";

describe("Float64Array sort", () => {
  it.each([10, RADIX_SORT_MIN_LENGTH - 1, RADIX_SORT_MIN_LENGTH, 100_003])(
    "orders %i values exactly like the built-in sort",
    (n) => {
      const random = seededRandom(n);
      const values = Float64Array.from({ length: n }, (_, i) => {
        const kind = i % 7;
        if (kind === 0) return normal(random) * 1e-300; // subnormal and tiny magnitudes
        if (kind === 1) return Math.round(normal(random) * 3); // ties, including 0
        if (kind === 2) return -normal(random) * 1e300;
        return normal(random) * 10 ** Math.floor(random() * 20 - 10);
      });
      values[0] = -0;
      values[1] = 0;
      values[2] = Number.MAX_VALUE;
      values[3] = -Number.MAX_VALUE;
      const expected = values.slice().sort();
      expect(sortFloat64(values)).toEqual(expected);
    },
  );

  it("handles a constant sample and a two-value sample (skipped passes)", () => {
    const constant = new Float64Array(RADIX_SORT_MIN_LENGTH * 2).fill(3.25);
    expect(sortFloat64(constant.slice())).toEqual(constant);
    const two = Float64Array.from({ length: RADIX_SORT_MIN_LENGTH * 2 }, (_, i) => (i % 3 === 0 ? -1 : 1));
    expect(sortFloat64(two.slice())).toEqual(two.slice().sort());
  });
});
