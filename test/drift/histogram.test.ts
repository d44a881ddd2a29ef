import { describe, expect, it } from "vitest";
import { histogramSorted, sturgesEdges } from "../../src/drift/histogram.ts";

// Expected edges and counts printed by NumPy 2.4 (`histogram_bin_edges(x, bins="sturges")`, `histogram`).

describe("Sturges bins with NumPy's edge rules", () => {
  it("clamps the width to 1 for integer data", () => {
    expect([...sturgesEdges(1, 4, 5, true)]).toEqual([1, 2, 3, 4]);
  });

  it("widens a constant sample to [v - 0.5, v + 0.5] with one bin", () => {
    expect([...sturgesEdges(5, 5, 3, false)]).toEqual([4.5, 5.5]);
  });

  it("computes edges as linspace (first + i·step, last edge exact)", () => {
    expect([...sturgesEdges(0.1, 3.3, 7, false)]).toEqual([0.1, 0.8999999999999999, 1.7, 2.5, 3.3]);
  });

  it("counts [a, b) bins with a closed last bin", () => {
    const x = Float64Array.of(0.1, 0.2, 0.35, 0.9, 1.7, 2.2, 3.3);
    expect([...histogramSorted(x, sturgesEdges(0.1, 3.3, 7, false))]).toEqual([3, 1, 2, 1]);
  });

  it("does not count values outside the edges", () => {
    expect([...histogramSorted(Float64Array.of(-1, 0, 1, 2, 3), Float64Array.of(0, 1, 2))]).toEqual([1, 2]);
  });

  it("bins a range that overflows float64 (±1.79e308) into finite, increasing edges", () => {
    const edges = sturgesEdges(-1.79e308, 1.79e308, 2000, false);
    expect(edges.length).toBe(13); // ceil(log2(2000) + 1) = 12 bins, as for any finite range
    expect(edges[0]).toBe(-1.79e308);
    expect(edges[12]).toBe(1.79e308);
    for (let i = 1; i < edges.length; i++) expect(edges[i] as number).toBeGreaterThan(edges[i - 1] as number);
    const counts = histogramSorted(Float64Array.of(-1.79e308, -1, 0, 1, 1.79e308), edges);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
  });
});
