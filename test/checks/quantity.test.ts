import { describe, expect, it } from "vitest";
import { parseQuantity } from "../../src/manifests/quantity.ts";

describe("Kubernetes quantities", () => {
  it.each([
    ["500m", 0.5],
    ["2", 2],
    ["1.5", 1.5],
    [".5", 0.5],
    ["+1", 1],
    ["100u", 100e-6],
    ["250n", 250e-9],
    ["2k", 2000],
    ["1M", 1e6],
    ["2G", 2e9],
    ["1T", 1e12],
    ["1P", 1e15],
    ["2E", 2e18],
    ["1e3", 1000],
    ["1E3", 1000],
    ["128Ki", 128 * 1024],
    ["512Mi", 512 * 2 ** 20],
    ["32Gi", 32 * 2 ** 30],
    ["1Ti", 2 ** 40],
    ["1Pi", 2 ** 50],
    ["1Ei", 2 ** 60],
  ] as const)("reads %j as %d", (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it("takes numbers as they are and refuses non-finite ones", () => {
    expect(parseQuantity(4)).toBe(4);
    expect(parseQuantity(0.25)).toBe(0.25);
    expect(parseQuantity(Number.POSITIVE_INFINITY)).toBeNull();
    expect(parseQuantity(Number.NaN)).toBeNull();
  });

  it.each(["", "Gi", "2GB", "2gi", "1.2.3", "1 Gi", "-1", "1e", "0x10", "two", "2Ki5"])(
    "refuses %j",
    (text) => {
      expect(parseQuantity(text)).toBeNull();
    },
  );

  it("orders by value, not by text: 500m < 2, 40Gi > 32Gi, 32000Mi < 32Gi, 33G < 32Gi", () => {
    const q = (t: string) => parseQuantity(t) as number;
    expect(q("500m")).toBeLessThan(q("2"));
    expect(q("40Gi")).toBeGreaterThan(q("32Gi"));
    expect(q("32000Mi")).toBeLessThan(q("32Gi"));
    expect(q("33G")).toBeLessThan(q("32Gi"));
    expect(q("1000m")).toBe(q("1"));
    expect(q("1Gi")).toBe(q("1024Mi"));
  });
});
