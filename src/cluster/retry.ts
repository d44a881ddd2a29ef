import { ClusterFault } from "./cluster-port.ts";

export interface RetryPolicy {
  /** Attempts, the first included (default 3). */
  readonly maxAttempts?: number;
  /** The first backoff; doubled each attempt (default 200 ms). */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); full jitter, so many replicas retrying do not hit the API server in step. */
  readonly random?: () => number;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The delay before attempt `attempt + 1`: full jitter over an exponential, capped (client-go's shape). */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const base = policy.backoffMs ?? 200;
  const cap = policy.maxBackoffMs ?? 5_000;
  const random = policy.random ?? Math.random;
  return Math.round(random() * Math.min(cap, base * 2 ** (attempt - 1)));
}

/**
 * Runs `operation` until it succeeds, fails with a fault that is not retryable (a 404, a conflict, a
 * forbidden), or runs out of attempts; then rethrows the last fault. Only for idempotent operations:
 * reads, server-side apply and deletes all are.
 */
export async function withRetry<T>(operation: () => Promise<T>, policy: RetryPolicy = {}): Promise<T> {
  const attempts = Math.max(1, policy.maxAttempts ?? 3);
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof ClusterFault) || !error.retryable || attempt >= attempts) throw error;
      await sleep(backoffDelay(attempt, policy));
    }
  }
}
