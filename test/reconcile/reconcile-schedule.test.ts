import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  jitteredDelay,
  ReconcileSchedule,
  type Timers,
} from "../../src/workflows/reconcile/reconcile-schedule.ts";

/** Timers fired by hand: `fire()` runs every armed timer once, in order. */
class ManualTimers implements Timers {
  armed: { run: () => void; ms: number; id: number }[] = [];
  delays: number[] = [];
  #next = 0;
  set(run: () => void, ms: number): number {
    const id = ++this.#next;
    this.armed.push({ run, ms, id });
    this.delays.push(ms);
    return id;
  }
  clear(handle: unknown): void {
    this.armed = this.armed.filter((t) => t.id !== handle);
  }
  fire(): void {
    const due = this.armed;
    this.armed = [];
    for (const t of due) t.run();
  }
}

/** A pass the test finishes by hand. */
function gate() {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

function schedule(run: (target: string) => Promise<void>, randoms: number[] = [0.5]) {
  const timers = new ManualTimers();
  const stop = new AbortController();
  const errors: string[] = [];
  let i = 0;
  const s = new ReconcileSchedule({
    intervalMs: 180_000,
    random: () => randoms[i++ % randoms.length] ?? 0.5,
    timers,
    stop: stop.signal,
    run,
    onError: (target, error) => errors.push(`${target}: ${(error as Error).message}`),
  });
  return { s, timers, stop, errors };
}

describe("the reconcile schedule", () => {
  it("waits the interval ±20% between passes", () => {
    expect(jitteredDelay(180_000, () => 0)).toBe(144_000);
    expect(jitteredDelay(180_000, () => 0.5)).toBe(180_000);
    expect(jitteredDelay(180_000, () => 0.999_999)).toBe(216_000);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 10 ** 7 }),
        (r, interval) => {
          const d = jitteredDelay(interval, () => r);
          return d >= Math.floor(interval * 0.8) && d <= Math.ceil(interval * 1.2);
        },
      ),
    );
  });

  it("passes over each target after a jittered interval, then again from the end of each pass", async () => {
    const seen: string[] = [];
    const { s, timers } = schedule(
      async (t) => {
        seen.push(t);
      },
      [0, 1 - 1e-9, 0.25],
    );
    s.add(["acme/ml staging", "acme/ml production"]);
    s.add(["acme/ml staging"]);
    expect(timers.delays).toEqual([144_000, 216_000]);
    expect(seen).toEqual([]);
    timers.fire();
    await s.idle();
    expect(seen).toEqual(["acme/ml staging", "acme/ml production"]);
    expect(timers.delays.slice(2)).toEqual([162_000, 144_000]);
    expect(timers.armed).toHaveLength(2);
  });

  it("never overlaps passes of one target: `now` during a pass runs one more after it", async () => {
    const gates = [gate(), gate()];
    let calls = 0;
    const { s, timers } = schedule(() => (gates[calls++] as ReturnType<typeof gate>).promise);
    s.add(["acme/ml staging"]);
    s.now("acme/ml staging");
    expect(calls).toBe(1);
    expect(timers.armed).toEqual([]);
    s.now("acme/ml staging");
    s.now("acme/ml staging");
    expect(calls).toBe(1);
    gates[0]?.open();
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(2);
    gates[1]?.open();
    await s.idle();
    expect(calls).toBe(2);
    expect(timers.armed).toHaveLength(1);
  });

  it("keeps going after a failed pass, and stops on shutdown", async () => {
    let calls = 0;
    const { s, timers, stop, errors } = schedule(async () => {
      calls++;
      throw new Error("the cluster failed");
    });
    s.add(["acme/ml staging"]);
    timers.fire();
    await s.idle();
    expect(errors).toEqual(["acme/ml staging: the cluster failed"]);
    expect(timers.armed).toHaveLength(1);
    stop.abort();
    expect(timers.armed).toEqual([]);
    s.now("acme/ml staging");
    await s.idle();
    expect(calls).toBe(1);
  });
});
