import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DECIMAL_LITERAL, scanNumber } from "../../src/datasets/cell-syntax.ts";

const encoder = new TextEncoder();

/** What the reader makes of a cell, as a double (or null when it is no number). */
function scanned(text: string): number | null {
  const bytes = encoder.encode(text);
  const out = new Float64Array(1);
  return scanNumber(bytes, 0, bytes.length, out) === 0 ? null : (out[0] as number);
}

// Issue #20: numbers of 16 to 19 significant digits (what pandas' to_csv and JavaScript print) are read
// without a string for Number(), and must be the same doubles Number() gives, to the last bit.
describe("long decimals read from their bytes", () => {
  it("gives back every double from the shortest text that prints it", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(scanned(String(x)), x) || (x === 0 && scanned(String(x)) === 0)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it("rounds any 16- to 19-digit decimal as Number() does", () => {
    const digits = fc.stringMatching(/^[1-9][0-9]{15,18}$/);
    fc.assert(
      fc.property(digits, fc.integer({ min: 0, max: 19 }), fc.boolean(), (ds, point, negative) => {
        const at = Math.min(point, ds.length);
        const text = `${negative ? "-" : ""}${ds.slice(0, at) || "0"}.${ds.slice(at) || "0"}`;
        expect(scanned(text)).toBe(Number(text));
      }),
      { numRuns: 50_000 },
    );
  });

  it("settles midpoints and near-midpoints between doubles exactly as Number() does", () => {
    const cases = [
      "9007199254740993", // 2^53 + 1: exactly between two doubles, ties to even
      "9007199254740995",
      "9007199254740993.0001",
      "9007199254740992.9999",
      "0.1000000000000000055511151231257827", // past 19 digits: Number() reads it
      "1.0000000000000001110",
      "2.2250738585072011e-308",
      "123456789012345678.9",
      "0.30000000000000004",
      "-0.0000000000000000",
    ];
    for (const text of cases) expect(scanned(text), text).toBe(Number(text));
    const bytes = encoder.encode("12345678901234567.5");
    expect(scanNumber(bytes, 0, bytes.length, new Float64Array(1), true)).toBe(DECIMAL_LITERAL);
  });
});
