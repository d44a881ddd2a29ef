/** How long a lease lasts and how its holder keeps it (client-go's LeaderElectionConfig durations). */
export interface LeaseTiming {
  /** How long others wait after the last change they saw before taking the lease. */
  readonly leaseDurationMs: number;
  /** The holder stops leading when it could not renew for this long. */
  readonly renewDeadlineMs: number;
  /** Between attempts to acquire or renew. */
  readonly retryPeriodMs: number;
}

/** Issue #10: a 15 s lease, a 10 s renew deadline, a 2 s retry period (client-go's usual values). */
export const DEFAULT_LEASE_TIMING: LeaseTiming = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

/** client-go's JitterFactor: a candidate waits between 1 and 2.2 retry periods, so replicas fall out of step. */
export const ACQUIRE_JITTER = 1.2;

/**
 * The timing with its invariants checked, as client-go's NewLeaderElector does: a holder must give up
 * (renew deadline) before others may take over (lease duration), and must get several tries at renewing
 * before its deadline. Lease durations are whole seconds on the wire.
 */
export function checkTiming(timing: LeaseTiming): LeaseTiming {
  const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = timing;
  const problems: string[] = [];
  if (!(leaseDurationMs >= 1000) || leaseDurationMs % 1000 !== 0)
    problems.push(`the lease duration (${leaseDurationMs} ms) must be a whole number of seconds, at least 1`);
  if (!(renewDeadlineMs < leaseDurationMs))
    problems.push(
      `the renew deadline (${renewDeadlineMs} ms) must be shorter than the lease duration (${leaseDurationMs} ms)`,
    );
  if (!(retryPeriodMs > 0) || !(renewDeadlineMs > ACQUIRE_JITTER * retryPeriodMs))
    problems.push(
      `the renew deadline (${renewDeadlineMs} ms) must exceed ${ACQUIRE_JITTER} retry periods (${retryPeriodMs} ms)`,
    );
  if (problems.length > 0) throw new RangeError(`invalid leader election timing: ${problems.join("; ")}`);
  return timing;
}
