// How often Slipway answers one person's comments on one repository (issue #16). Anyone who can comment
// can ask for help or try a command they may not run, and each answer is a post (and a 👀 reaction) by
// the App: without a bound, a read-only user could make it post as fast as they comment.

/** Answers in a row before the budget runs out. */
export const REPLY_BURST = 5;
/** One more answer becomes due this often once the burst is spent (30 an hour at most, sustained). */
export const REPLY_REFILL_MS = 2 * 60 * 1000;
/** People tracked at once; the longest idle is forgotten first (forgetting only ever gives a full budget back). */
const TRACKED = 10_000;

/** What to do with the next answer: give it, say once that the budget is spent, or stay silent. */
export type ReplyAllowance = "reply" | "notice" | "silent";

interface Bucket {
  tokens: number;
  at: number;
  noticed: boolean;
}

export interface ReplyBudgetOptions {
  readonly burst?: number;
  readonly refillMs?: number;
  /** Milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/** A token bucket per (repository, person), in this process. */
export class ReplyBudget {
  readonly burst: number;
  readonly refillMs: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: ReplyBudgetOptions = {}) {
    this.burst = options.burst ?? REPLY_BURST;
    this.refillMs = options.refillMs ?? REPLY_REFILL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Spends one answer to `login` on `repository`, if there is one to spend. */
  take(repository: string, login: string): ReplyAllowance {
    const key = `${repository.toLowerCase()} ${login.toLowerCase()}`;
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.burst, at: now, noticed: false };
    this.#buckets.delete(key); // re-inserted last: Map order is the idle order
    bucket.tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.at) / this.refillMs);
    bucket.at = now;
    let allowance: ReplyAllowance;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.noticed = false;
      allowance = "reply";
    } else if (!bucket.noticed) {
      bucket.noticed = true;
      allowance = "notice";
    } else allowance = "silent";
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > TRACKED) this.#buckets.delete(this.#buckets.keys().next().value as string);
    return allowance;
  }

  /** The one notice a person gets when their budget is spent. */
  notice(): string {
    const every = Math.round(this.refillMs / 60_000);
    const minutes = `${every} minute${every === 1 ? "" : "s"}`;
    return `you have reached Slipway's reply limit on this repository (${this.burst} answers, then one every ${minutes}); your comments here are not answered for the next ${minutes}.`;
  }
}
