/** An installation's REST window as GitHub's last answer reported it (`x-ratelimit-*`). */
export interface RateWindow {
  limit: number;
  remaining: number;
  /** When the window resets, in ms since the epoch. */
  resetAt: number;
}

/** Who waits first when the budget runs low: background loops, then reviews of new heads. */
export type WorkKind = "background" | "review";

export interface RateBudgetOptions {
  /** Share of the window below which background work waits for the reset (default 0.1). */
  floor?: number;
  /** Share of the window below which reviews of new heads wait too (default 0.01). */
  reserve?: number;
  now?: () => number;
}

/**
 * Issue #20: the REST budget of each installation, tracked from the rate-limit headers of every answer.
 * GitHub gives an installation 5,000 requests an hour (more on large organisations), shared by every
 * repository of the installation: below the floor the sweep and the reconcile passes wait for the
 * window to reset, so reviews of new heads keep working; below the reserve those wait too, and their
 * checks say until when. An unknown installation, or a window already reset, is not held back.
 */
export class RateBudget {
  readonly #windows = new Map<string, RateWindow>();
  readonly #floor: number;
  readonly #reserve: number;
  readonly #now: () => number;

  constructor(options: RateBudgetOptions = {}) {
    this.#floor = options.floor ?? 0.1;
    this.#reserve = options.reserve ?? 0.01;
    this.#now = options.now ?? Date.now;
  }

  /** Keeps the newest window: answers can arrive out of order, and a later window always wins. */
  record(installation: string, window: RateWindow): void {
    if (!(window.limit > 0) || !Number.isFinite(window.remaining) || !Number.isFinite(window.resetAt)) return;
    const known = this.#windows.get(installation);
    if (known && known.resetAt === window.resetAt && known.remaining < window.remaining) return;
    if (known && known.resetAt > window.resetAt) return;
    this.#windows.set(installation, { ...window });
  }

  window(installation: string): RateWindow | null {
    const known = this.#windows.get(installation);
    return known && known.resetAt > this.#now() ? { ...known } : null;
  }

  /** When work of this kind may go on for the installation: null for now, else the window's reset time. */
  waitUntil(installation: string, kind: WorkKind): number | null {
    const known = this.window(installation);
    if (!known) return null;
    const share = kind === "review" ? this.#reserve : this.#floor;
    return known.remaining < Math.ceil(known.limit * share) ? known.resetAt : null;
  }
}
