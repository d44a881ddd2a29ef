import type { LeaseClock } from "../../src/cluster/lease/lease-clock.ts";

interface Sleeper {
  readonly at: number;
  readonly wake: () => void;
}

/** A clock that moves only when the test moves it; sleeps wake in time order as it passes them. */
export class ManualClock implements LeaseClock {
  #now: number;
  readonly #sleepers = new Set<Sleeper>();

  constructor(start = Date.UTC(2026, 10, 2, 10, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper: Sleeper = {
        at: this.#now + Math.max(0, ms),
        wake: () => {
          this.#sleepers.delete(sleeper);
          signal?.removeEventListener("abort", sleeper.wake);
          resolve();
        },
      };
      this.#sleepers.add(sleeper);
      signal?.addEventListener("abort", sleeper.wake, { once: true });
    });
  }

  get sleeping(): number {
    return this.#sleepers.size;
  }

  /** Moves to the earliest pending wake-up and wakes everyone due then; false when nobody sleeps. */
  advanceToNext(): boolean {
    const next = Math.min(...[...this.#sleepers].map((s) => s.at));
    if (!Number.isFinite(next)) return false;
    this.advanceTo(next);
    return true;
  }

  advanceTo(time: number): void {
    this.#now = Math.max(this.#now, time);
    for (const s of [...this.#sleepers].sort((a, b) => a.at - b.at)) if (s.at <= this.#now) s.wake();
  }
}
