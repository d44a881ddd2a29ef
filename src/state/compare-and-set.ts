import { StateError } from "./state-error.ts";

export interface CasOptions {
  /** Attempts of a compare-and-set write before giving up with a "conflict" StateError (default 10). */
  maxAttempts?: number;
  /** Waits between attempts; the default sleeps, a test may count instead. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): jitter, so two writers that collided do not collide again in step. */
  random?: () => number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (read, change, conditional write) until it writes: it answers null when another writer
 * got in between, and is run again on what that writer left — a bounded number of times, with a short
 * jittered pause that grows, so a change is never lost and never applied twice.
 */
export async function compareAndSet<T>(
  options: CasOptions,
  what: string,
  attempt: () => Promise<T | null>,
): Promise<T> {
  const attempts = Math.max(1, options.maxAttempts ?? 10);
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  for (let n = 1; n <= attempts; n++) {
    const written = await attempt();
    if (written !== null) return written;
    if (n < attempts) await sleep(Math.round(random() * Math.min(200, 5 * 2 ** n)));
  }
  throw new StateError(
    "conflict",
    `${what} was changed by another writer on each of ${attempts} attempts; nothing was written, try again`,
  );
}
