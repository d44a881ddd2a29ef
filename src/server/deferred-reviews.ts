/**
 * Reviews deferred for an installation's API budget (issue #20), each queued again once its window has
 * reset: one timer per pull request (a newer deferral replaces the older), none keeping the process up,
 * all dropped when the server stops. The few seconds after the reset spread the deferred reviews out.
 */
export class DeferredReviews {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #now: () => number;

  constructor(options: { stop?: AbortSignal; now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    options.stop?.addEventListener("abort", () => this.clear(), { once: true });
  }

  /** Runs `run` a little after `until` (ms since the epoch), in place of what `key` waited for. */
  schedule(key: string, until: number, run: () => void): void {
    clearTimeout(this.#timers.get(key));
    const spread = 1000 + Math.floor(Math.random() * 4000);
    const timer = setTimeout(
      () => {
        this.#timers.delete(key);
        run();
      },
      Math.max(0, until - this.#now()) + spread,
    );
    timer.unref();
    this.#timers.set(key, timer);
  }

  get size(): number {
    return this.#timers.size;
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
