import { loadKubeConfig } from "../cluster/kube-config.ts";
import { holdLease } from "../cluster/lease/hold-lease.ts";
import { kubeLeaseStore } from "../cluster/lease/kube-lease-store.ts";
import type { ElectionLog } from "../cluster/lease/leader-election.ts";
import { type LeaseClock, systemClock } from "../cluster/lease/lease-clock.ts";
import { LeaseLock } from "../cluster/lease/lease-lock.ts";
import { type LeaseRefusal, LeaseRefused } from "../cluster/lease/lease-refused.ts";
import type { LeaseStore } from "../cluster/lease/lease-store.ts";
import { DEFAULT_LEASE_TIMING, type LeaseTiming } from "../cluster/lease/lease-timing.ts";

/** The Lease whose holder polls monitor reports and writes monitor issues. */
export const MONITOR_LEASE = "slipway-monitors";

/** Runs one poll while holding the Lease; false when another replica holds it (nothing ran). */
export type MonitorExclusive = (work: (leading: AbortSignal) => Promise<void>) => Promise<boolean>;

export interface MonitorLeaseOptions {
  identity: string;
  stop: AbortSignal;
  /** The server's shutdown waits for a poll in progress to release the Lease before the process exits. */
  onStop?: (name: string, run: () => Promise<void>) => void;
  log?: ElectionLog;
  /** Tests move time themselves; the server uses the system clock and client-go's usual timing. */
  clock?: LeaseClock;
  timing?: LeaseTiming;
  /** Told when the cluster refuses the Lease (RBAC): the poll does not run, and this says why. */
  onRefused?: (refusal: LeaseRefusal) => void;
}

/**
 * Cluster mode's one poller: when the server runs in a pod (POD_NAMESPACE and the in-cluster service
 * account), each poll runs only while holding the `slipway-monitors` Lease in the pod's namespace, so
 * two replicas never write the same issue twice; another replica holding it makes this poll a no-op.
 * Elsewhere (embedded mode, one process) there is no Lease and every poll runs.
 */
export function monitorLease(
  env: NodeJS.ProcessEnv,
  options: MonitorLeaseOptions,
): MonitorExclusive | undefined {
  const namespace = env.POD_NAMESPACE;
  if (!namespace || !env.KUBERNETES_SERVICE_HOST || env.SLIPWAY_STATE_STORE === "sqlite") return undefined;
  return monitorLeaseIn(kubeLeaseStore(loadKubeConfig({ inCluster: true }, { env }), { namespace }), {
    ...options,
    namespace,
  });
}

/**
 * Polls under the `slipway-monitors` Lease of `store`. The lock lives as long as the returned function:
 * a holder that died without releasing is taken over once this replica has seen its Lease unchanged for
 * a lease duration, counted across polls (LeaseLock), not by comparing clocks with the dead one.
 */
export function monitorLeaseIn(
  store: LeaseStore,
  options: MonitorLeaseOptions & { namespace?: string },
): MonitorExclusive {
  const clock = options.clock ?? systemClock;
  const timing = options.timing ?? DEFAULT_LEASE_TIMING;
  const lock = new LeaseLock({
    store,
    name: MONITOR_LEASE,
    identity: options.identity,
    clock,
    leaseDurationMs: timing.leaseDurationMs,
  });
  const holding = new Set<Promise<unknown>>();
  options.onStop?.("release of the monitors lease", async () => {
    await Promise.allSettled([...holding]);
  });
  return (work) => {
    const held = holdLease(lock, work, {
      clock,
      timing,
      stop: options.stop,
      ...(options.log ? { log: options.log } : {}),
    }).catch((error: unknown) => {
      if (!(error instanceof LeaseRefused)) throw error;
      options.onRefused?.({ lease: MONITOR_LEASE, namespace: options.namespace ?? "", reason: error.reason });
      return false;
    });
    holding.add(held);
    const forget = () => holding.delete(held);
    held.then(forget, forget);
    return held;
  };
}
