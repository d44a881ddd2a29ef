/** Timers, passed in so a test drives the schedule by hand (no wall clock inside). */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ScheduleOptions {
  /** Mean time between two passes over one target, > 0. */
  intervalMs: number;
  /** In [0, 1): spreads passes ±20% so replicas and environments do not reconcile in step. */
  random: () => number;
  timers: Timers;
  /** Aborts on shutdown: no pass starts after it. */
  stop: AbortSignal;
  /** One pass over one target; resolves when it is done. A rejection is reported, never stops the loop. */
  run: (target: string) => Promise<void>;
  onError: (target: string, error: unknown) => void;
}

/** The wait before the next pass: the interval ±20%, by `random` in [0, 1). */
export function jitteredDelay(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.8 + 0.4 * Math.min(Math.max(random(), 0), 1)));
}

interface Slot {
  timer: unknown;
  running: Promise<void> | null;
  /** Asked for at once while a pass ran: one more pass follows it. */
  again: boolean;
}

/**
 * The reconcile loop's clock (issue #10): every target (an environment of a repository) is passed over
 * on a jittered interval, counted from the end of its previous pass so passes of one target never
 * overlap; `now` runs one at once (after a push deploy finished) and restarts its interval.
 */
export class ReconcileSchedule {
  readonly #options: ScheduleOptions;
  readonly #slots = new Map<string, Slot>();

  constructor(options: ScheduleOptions) {
    this.#options = options;
    options.stop.addEventListener("abort", () => {
      for (const slot of this.#slots.values()) options.timers.clear(slot.timer);
    });
  }

  /** Starts the interval of each target not yet scheduled; the first pass comes after one jittered interval. */
  add(targets: readonly string[]): void {
    for (const target of targets) {
      if (this.#slots.has(target)) continue;
      const slot: Slot = { timer: null, running: null, again: false };
      this.#slots.set(target, slot);
      this.#arm(target, slot);
    }
  }

  /** Runs a pass over `target` at once (or right after the one running); unknown targets are ignored. */
  now(target: string): void {
    const slot = this.#slots.get(target);
    if (!slot || this.#options.stop.aborted) return;
    if (slot.running) {
      slot.again = true;
      return;
    }
    this.#options.timers.clear(slot.timer);
    void this.#pass(target, slot);
  }

  /** Resolves when no pass is running (tests, and shutdown's wait). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.#slots.values()].map((s) => s.running).filter((p) => p !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  #arm(target: string, slot: Slot): void {
    if (this.#options.stop.aborted) return;
    const delay = jitteredDelay(this.#options.intervalMs, this.#options.random);
    slot.timer = this.#options.timers.set(() => void this.#pass(target, slot), delay);
  }

  async #pass(target: string, slot: Slot): Promise<void> {
    if (this.#options.stop.aborted) return;
    const run = async () => {
      try {
        await this.#options.run(target);
      } catch (error) {
        this.#options.onError(target, error);
      }
    };
    slot.running = run();
    await slot.running;
    slot.running = null;
    if (slot.again) {
      slot.again = false;
      return this.#pass(target, slot);
    }
    this.#arm(target, slot);
  }
}
