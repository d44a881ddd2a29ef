import { ClusterFault, isClusterFault } from "../cluster-port.ts";
import { backoffDelay, defaultSleep, type RetryPolicy } from "../retry.ts";

export type { RetryPolicy };

/**
 * The engine retries each object itself (and the adapter should then be built with `maxAttempts: 1`),
 * so the report can say how many requests every object took.
 */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, backoffMs: 200, maxBackoffMs: 5_000 };

export type Attempted<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; fault: ClusterFault; attempts: number };

/**
 * Runs one cluster request, retrying 5xx, 429, timeouts and refused connections with the adapter's
 * backoff (exponential, full jitter); any other fault (invalid, forbidden, conflict…) is returned at
 * once, since repeating the same request cannot change the answer. Never throws.
 */
export async function withRetry<T>(policy: RetryPolicy, request: () => Promise<T>): Promise<Attempted<T>> {
  const attempts = Math.max(1, policy.maxAttempts ?? 3);
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await request(), attempts: attempt };
    } catch (error) {
      const fault = isClusterFault(error) ? error : unexpected(error);
      if (!fault.retryable || attempt >= attempts) return { ok: false, fault, attempts: attempt };
      await sleep(backoffDelay(attempt, policy));
    }
  }
}

/** The port promises ClusterFaults only; anything else is reported as a fault of the request, not thrown on. */
function unexpected(error: unknown): ClusterFault {
  const message = error instanceof Error ? error.message : String(error);
  return new ClusterFault("invalid", `unexpected error from the cluster client: ${message}`);
}
