import { describe, expect, it } from "vitest";
import { ReservoirSampler } from "../../src/datasets/s3/reservoir.ts";
import { seededRandom } from "../../src/datasets/s3/seeded-random.ts";

// The seeded reservoir: deterministic, uniform over the stream, and the same whether items are offered
// one by one or counted in ranges.

function sampleByOffer(n: number, k: number, seed: number): number[] {
  const sampler = new ReservoirSampler(k, seededRandom(seed));
  const slots: number[] = [];
  for (let i = 0; i < n; i++) {
    const slot = sampler.offer();
    if (slot >= 0) slots[slot] = i;
  }
  return slots.sort((a, b) => a - b);
}

describe("seededRandom", () => {
  it("repeats for a seed, differs between seeds, stays in [0, 1)", () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const c = seededRandom(2);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03);
  });

  it("refuses a seed that is not an integer", () => {
    expect(() => seededRandom(1.5)).toThrow("a sample seed must be an integer, not 1.5");
  });
});

describe("ReservoirSampler", () => {
  it("keeps every item while the stream is no longer than the reservoir", () => {
    expect(sampleByOffer(5, 10, 3)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleByOffer(10, 10, 3)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("gives every position the same chance (3000 seeds, 10 of 100)", () => {
    const counts = new Array<number>(100).fill(0);
    for (let seed = 0; seed < 3000; seed++)
      for (const i of sampleByOffer(100, 10, seed)) counts[i] = (counts[i] ?? 0) + 1;
    // Expected 300 per position; a binomial sd of ~16.4, so ±5 sd.
    for (const count of counts) expect(Math.abs(count - 300)).toBeLessThan(82);
    // Both ends of the stream are sampled as often as the middle.
    const head = counts.slice(0, 20).reduce((a, b) => a + b, 0);
    const tail = counts.slice(80).reduce((a, b) => a + b, 0);
    expect(Math.abs(head - tail)).toBeLessThan(250);
  });

  it("offerRange keeps exactly what offer would, whatever the range boundaries", () => {
    for (const seed of [1, 2, 3]) {
      const expected = sampleByOffer(5000, 37, seed);
      const sampler = new ReservoirSampler(37, seededRandom(seed));
      const slots: number[] = [];
      let base = 0;
      for (const size of [0, 10, 27, 1, 1000, 0, 3962]) {
        const at = base;
        sampler.offerRange(size, (offset, slot) => {
          slots[slot] = at + offset;
        });
        base += size;
      }
      expect(sampler.offered).toBe(5000);
      expect(slots.sort((a, b) => a - b)).toEqual(expected);
    }
  });

  it("refuses an empty reservoir", () => {
    expect(() => new ReservoirSampler(0, seededRandom(1))).toThrow("a sample needs at least one row, not 0");
  });
});
