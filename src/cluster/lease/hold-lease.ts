import { type ElectionLog, LeaderElector } from "./leader-election.ts";
import type { LeaseClock } from "./lease-clock.ts";
import type { LeaseLock } from "./lease-lock.ts";
import { LeaseRefused } from "./lease-refused.ts";
import type { LeaseTiming } from "./lease-timing.ts";

export interface HoldOptions {
  readonly clock: LeaseClock;
  readonly timing: LeaseTiming;
  /** Aborts on shutdown: the work is told to stop (`leading` aborts), then the lease is released. */
  readonly stop?: AbortSignal;
  readonly random?: () => number;
  readonly log?: ElectionLog;
}

/**
 * Runs `work` once while holding the lease, for work that comes and goes (an environment's queue):
 * acquire, keep renewing while the work runs (`leading` aborts if a renewal misses its deadline), then
 * release so the next writer need not wait for expiry. Resolves false without running the work when
 * another candidate holds the lease, or when the lease cannot be had within one lease duration (the
 * API is down); rejects with `LeaseRefused`, at once, when the API server refuses the lease request
 * (RBAC, credentials) — that does not pass with time, and the caller must say so. The lock should live as long as the process: a dead holder's lease is taken over only
 * once this candidate has seen it unchanged for a lease duration (LeaseLock), across calls.
 */
export async function holdLease(
  lock: LeaseLock,
  work: (leading: AbortSignal) => Promise<void>,
  options: HoldOptions,
): Promise<boolean> {
  if (options.stop?.aborted) return false;
  const end = new AbortController();
  const finish = () => end.abort();
  options.stop?.addEventListener("abort", finish, { once: true });
  let running: Promise<void> | undefined;
  const elector = new LeaderElector({
    lock,
    clock: options.clock,
    timing: options.timing,
    ...(options.random ? { random: options.random } : {}),
    ...(options.log ? { log: options.log } : {}),
    stopWhenRefused: true,
    callbacks: {
      onStartedLeading: (leading) => {
        // One term only: when the work is done (or lost its lease), the election ends and releases.
        running ??= work(leading).finally(finish);
      },
      onStoppedLeading: () => running?.catch(() => undefined),
      onNewLeader: (holder) => {
        if (running === undefined && holder !== "" && holder !== lock.identity) finish();
      },
    },
  });
  const giveUp = new AbortController();
  void options.clock
    .sleep(options.timing.leaseDurationMs, AbortSignal.any([end.signal, giveUp.signal]))
    .then(() => {
      if (running === undefined) finish();
    });
  try {
    await elector.run(end.signal);
  } finally {
    giveUp.abort();
    options.stop?.removeEventListener("abort", finish);
  }
  if (running === undefined) {
    if (elector.refusal !== undefined) throw new LeaseRefused(lock.name, elector.refusal);
    return false;
  }
  await running;
  return true;
}
