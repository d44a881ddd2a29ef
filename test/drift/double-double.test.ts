import { describe, expect, it } from "vitest";
import { add, dd, div, frexp, ldexp, mul, toNumber } from "../../src/drift/double-double.ts";

describe("double-double helpers", () => {
  it.each([1, 0.5, 3, -3, 1e-310, -5e-324, 1.7976931348623157e308, 0.1])(
    "frexp(%d) splits into m·2^e",
    (x) => {
      const [m, e] = frexp(x);
      expect(Math.abs(m)).toBeGreaterThanOrEqual(0.5);
      expect(Math.abs(m)).toBeLessThan(1);
      expect(ldexp(m, e)).toBe(x);
    },
  );

  it("keeps 0, infinities and NaN as they are", () => {
    expect(frexp(0)).toEqual([0, 0]);
    expect(frexp(Number.POSITIVE_INFINITY)).toEqual([Number.POSITIVE_INFINITY, 0]);
    expect(Number.isNaN(frexp(Number.NaN)[0])).toBe(true);
  });

  it("ldexp reaches past the exponent range in steps", () => {
    expect(ldexp(1, -1074)).toBe(5e-324);
    expect(ldexp(2 ** -1000, 2000)).toBe(2 ** 1000);
    expect(ldexp(1, 1024)).toBe(Number.POSITIVE_INFINITY);
  });

  it("carries about 106 bits: (1 + 2^-70) − 1 survives, and 1/3 · 3 rounds back to 1", () => {
    const tiny = 2 ** -70;
    const sum = add(dd(1), dd(tiny));
    expect(sum.lo).toBe(tiny);
    expect(toNumber(mul(div(dd(1), dd(3)), dd(3)))).toBe(1);
  });
});
