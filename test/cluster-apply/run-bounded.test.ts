import { describe, expect, it } from "vitest";
import { mapBounded } from "../../src/cluster/apply/run-bounded.ts";

describe("bounded concurrency", () => {
  it("keeps at most `limit` tasks in flight and the results in input order", async () => {
    let inFlight = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const done = mapBounded([...Array(20).keys()], 4, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight--;
      return n * 2;
    });
    // Release tasks one by one, in reverse of arrival, until all have run.
    while (releases.length > 0 || inFlight > 0) {
      await new Promise((r) => setImmediate(r));
      releases.pop()?.();
    }
    expect(await done).toEqual([...Array(20).keys()].map((n) => n * 2));
    expect(peak).toBe(4);
  });

  it("rejects after the started tasks settle, and starts no more", async () => {
    const started: number[] = [];
    const run = mapBounded([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error("boom");
      return n;
    });
    await expect(run).rejects.toThrow("boom");
    expect(started.length).toBeLessThan(6);
  });

  it("refuses a concurrency below one", async () => {
    await expect(mapBounded([1], 0, async (n) => n)).rejects.toThrow(/positive integer/);
  });
});
