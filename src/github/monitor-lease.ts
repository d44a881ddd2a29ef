import { loadKubeConfig } from "../cluster/kube-config.ts";
import { holdLease } from "../cluster/lease/hold-lease.ts";
import { kubeLeaseStore } from "../cluster/lease/kube-lease-store.ts";
import type { ElectionLog } from "../cluster/lease/leader-election.ts";
import { systemClock } from "../cluster/lease/lease-clock.ts";
import { LeaseLock } from "../cluster/lease/lease-lock.ts";
import { DEFAULT_LEASE_TIMING } from "../cluster/lease/lease-timing.ts";

/** The Lease whose holder polls monitor reports and writes monitor issues. */
export const MONITOR_LEASE = "slipway-monitors";

/**
 * Cluster mode's one poller: when the server runs in a pod (POD_NAMESPACE and the in-cluster service
 * account), each poll runs only while holding the `slipway-monitors` Lease in the pod's namespace, so
 * two replicas never write the same issue twice; another replica holding it makes this poll a no-op.
 * Elsewhere (embedded mode, one process) there is no Lease and every poll runs.
 */
export function monitorLease(
  env: NodeJS.ProcessEnv,
  options: { identity: string; stop: AbortSignal; log?: ElectionLog },
): ((work: (leading: AbortSignal) => Promise<void>) => Promise<boolean>) | undefined {
  const namespace = env.POD_NAMESPACE;
  if (!namespace || !env.KUBERNETES_SERVICE_HOST || env.SLIPWAY_STATE_STORE === "sqlite") return undefined;
  const store = kubeLeaseStore(loadKubeConfig({ inCluster: true }, { env }), { namespace });
  const lock = new LeaseLock({
    store,
    name: MONITOR_LEASE,
    identity: options.identity,
    clock: systemClock,
    leaseDurationMs: DEFAULT_LEASE_TIMING.leaseDurationMs,
  });
  return (work) =>
    holdLease(lock, work, {
      clock: systemClock,
      timing: DEFAULT_LEASE_TIMING,
      stop: options.stop,
      ...(options.log ? { log: options.log } : {}),
    });
}
