import type { LeaderElector } from "./leader-election.ts";

/** The part of the server's `Shutdown` an election needs (kept structural: no lifecycle import here). */
export interface ShutdownHooks {
  readonly signal: AbortSignal;
  onStop(name: string, run: () => Promise<void>): void;
}

/**
 * Campaigns for a lease for as long as the server runs. Shutdown aborts the campaign at once — a leader
 * stops taking work and, once its `onStoppedLeading` has finished the work in hand, releases the lease —
 * and the server waits for that release before it exits, so a successor takes over without waiting for
 * the lease to expire.
 */
export function campaignUntilShutdown(elector: LeaderElector, shutdown: ShutdownHooks): Promise<void> {
  const done = elector.run(shutdown.signal);
  shutdown.onStop(`release of lease ${elector.leaseName}`, () => done);
  return done;
}
