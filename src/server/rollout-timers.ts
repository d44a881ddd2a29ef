import type { Timers } from "../workflows/reconcile/reconcile-schedule.ts";

/** setTimeout's longest wait; a later step is looked at again then (steps wait at most 7 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

const NODE_TIMERS: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Issue #22: one timer per rollout (repository and environment) for its next evaluation, so a step is
 * judged when its interval ends rather than at the next recovery sweep. Scheduling a key again replaces
 * its timer; all stop on shutdown. What a timer runs is the rollout intent's enqueue and drain, in the
 * repository's deploy line; a process that dies loses its timers, and the recovery sweep of whichever
 * replica drains next queues every rollout that came due.
 */
export class RolloutTimers {
  private readonly pending = new Map<string, { handle: unknown; at: string }>();
  private readonly timers: Timers;
  private readonly now: () => number;

  constructor(options: { timers?: Timers; now?: () => number; stop?: AbortSignal } = {}) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.now = options.now ?? Date.now;
    options.stop?.addEventListener("abort", () => this.close(), { once: true });
  }

  schedule(key: string, at: string, run: () => void): void {
    const existing = this.pending.get(key);
    if (existing?.at === at) return;
    if (existing) this.timers.clear(existing.handle);
    const ms = Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(at) - this.now()));
    const handle = this.timers.set(() => {
      if (this.pending.get(key)?.handle === handle) this.pending.delete(key);
      run();
    }, ms);
    this.pending.set(key, { handle, at });
  }

  close(): void {
    for (const { handle } of this.pending.values()) this.timers.clear(handle);
    this.pending.clear();
  }
}
