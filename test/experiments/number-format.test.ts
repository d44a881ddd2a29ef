import { describe, expect, it } from "vitest";
import { formatDelta, formatNumber, gateBounds } from "../../src/report/experiments-format.ts";

describe("numbers in the comparison", () => {
  it.each([
    [0.95, "0.9500"],
    [0.953149, "0.9531"],
    [12345.6, "12350"],
    [0, "0.000"],
    [-0, "0.000"],
    [-2.5, "-2.500"],
    [0.00001234, "1.234e-5"],
    [3.2e12, "3.200e+12"],
    [null, "—"],
  ])("formats %s as %s (4 significant digits)", (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it.each([
    [0.0026, 0.0027, "+0.002600 (+0.270%)"],
    [-0.0111, -0.01167, "-0.01110 (-1.17%)"],
    [0, 0, "0.000 (0.00%)"],
    [0.25, null, "+0.2500"],
    [-0.00000123, null, "-1.230e-6"],
    [null, null, "—"],
  ])("signs deltas: %s (%s) → %s", (delta, relative, text) => {
    expect(formatDelta(delta, relative)).toBe(text);
  });

  it("writes gates as the manifest says them", () => {
    expect(
      gateBounds({ metric: "roc_auc", goal: "maximize", min: 0.9, vs: "production", maxDrop: 0.005 }),
    ).toBe("maximize ≥ 0.9, drop ≤ 0.005 vs production");
    expect(gateBounds({ metric: "p99", goal: "minimize", max: 250, maxDropRatio: 0.1 })).toBe(
      "minimize ≤ 250, drop ≤ 10% vs production",
    );
    expect(gateBounds({ metric: "m", goal: "minimize", maxDropRatio: 0.07 })).toBe(
      "minimize drop ≤ 7% vs production",
    );
    expect(gateBounds({ metric: "m", goal: "maximize", vs: "production" })).toBe(
      "maximize no worse than production",
    );
  });
});
