import { errorReply, type Reply } from "./replies.ts";

interface Window {
  limit: number;
  used: number;
  /** ms since the epoch, on the fake's clock. */
  resetAt: number;
}

export interface RateLimitSeed {
  /** Requests left in the window now. */
  readonly remaining: number;
  /** The window's size (GitHub's default for an installation: 5,000 an hour). */
  readonly limit?: number;
  /** When the window resets, from now (default an hour). */
  readonly resetInSeconds?: number;
}

const HOUR_MS = 3_600_000;

/**
 * GitHub's primary REST rate limit, one window per caller: each installation token has its own (as
 * GitHub gives each installation its own budget), the App's JWT another, anonymous callers a third.
 * Every API request counts (git over HTTP does not); once a window is spent, requests are refused with
 * GitHub's 403 and `x-ratelimit-remaining: 0` until it resets. Windows open on first use.
 */
export class RateLimits {
  readonly #windows = new Map<string, Window>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  set(key: string, seed: RateLimitSeed): void {
    const limit = seed.limit ?? 5000;
    this.#windows.set(key, {
      limit,
      used: Math.max(0, limit - seed.remaining),
      resetAt: this.#now() + (seed.resetInSeconds ?? 3600) * 1000,
    });
  }

  /** Counts one request against the caller's window: the headers to answer with, or GitHub's refusal. */
  take(key: string, installationId: number | null): { headers: Record<string, string>; refusal?: Reply } {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { limit: 5000, used: 0, resetAt: now + HOUR_MS };
      this.#windows.set(key, window);
    }
    const spent = window.used >= window.limit;
    if (!spent) window.used += 1;
    const headers = {
      "x-ratelimit-limit": String(window.limit),
      "x-ratelimit-remaining": String(window.limit - window.used),
      "x-ratelimit-used": String(window.used),
      "x-ratelimit-resource": "core",
      "x-ratelimit-reset": String(Math.ceil(window.resetAt / 1000)),
    };
    if (!spent) return { headers };
    const who = installationId === null ? "this caller" : `installation ID ${installationId}`;
    return {
      headers,
      refusal: errorReply(
        403,
        `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID.`,
      ),
    };
  }
}
