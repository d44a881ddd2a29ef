import { loadKubeConfig } from "../cluster/kube-config.ts";
import { holdLease } from "../cluster/lease/hold-lease.ts";
import { kubeLeaseStore } from "../cluster/lease/kube-lease-store.ts";
import type { ElectionLog } from "../cluster/lease/leader-election.ts";
import { type LeaseClock, systemClock } from "../cluster/lease/lease-clock.ts";
import { executorLeaseName, LeaseLock } from "../cluster/lease/lease-lock.ts";
import { type LeaseRefusal, LeaseRefused } from "../cluster/lease/lease-refused.ts";
import { DEFAULT_LEASE_TIMING, type LeaseTiming } from "../cluster/lease/lease-timing.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { EnvironmentLockRefused } from "../workflows/deploy/lock-refused.ts";
import type { ExecutorOptions } from "../workflows/deploy/run-executor.ts";

export type Exclusive = NonNullable<ExecutorOptions["exclusive"]>;

export interface ExecutorLeasesOptions {
  /** This replica's executor identity: the Lease holder and the claimer of intents. */
  readonly identity: string;
  readonly env: NodeJS.ProcessEnv;
  /** The server's shutdown: drains stop taking intents, and exit waits for the leases' release. */
  readonly shutdown: { readonly signal: AbortSignal; onStop(name: string, run: () => Promise<void>): void };
  readonly clock?: LeaseClock;
  readonly timing?: LeaseTiming;
  readonly log?: ElectionLog;
  /** Told each refusal, to log it at error level and count it (`slipway_lease_refusals_total`). */
  readonly onRefused?: (refusal: LeaseRefusal) => void;
}

/**
 * Cluster mode's one writer per environment (DESIGN.md §4): an environment is drained only by the
 * holder of its `slipway-env-<env>` Lease, kept in the environment's first bound namespace (where its
 * `slipway-state-<env>` ConfigMap lives). Other replicas only enqueue; the holder, which looks at the
 * queue once more after releasing, or the periodic recovery, drains what they queued. In this process
 * one drain per Lease runs at a time: two under the same identity would resume each other's intents.
 * A Lease the cluster refuses (RBAC) is reported (`onRefused`) and rejects the drain with
 * `EnvironmentLockRefused`, which the executor tells the waiting pull requests — never a silent wait.
 */
export function executorLeases(options: ExecutorLeasesOptions): (binding: ServerBinding) => Exclusive {
  const clock = options.clock ?? systemClock;
  const timing = options.timing ?? DEFAULT_LEASE_TIMING;
  // Kept for the process's life: a dead holder's Lease is taken over once seen unchanged for a duration.
  const locks = new Map<string, LeaseLock>();
  const lines = new Map<string, Promise<unknown>>();
  const holding = new Set<Promise<unknown>>();
  options.shutdown.onStop("release of executor leases", async () => {
    await Promise.allSettled([...holding]);
  });

  const lockOf = (
    binding: ServerBinding,
    environment: string,
  ): { key: string; lock: LeaseLock; namespace: string } | null => {
    const bound = binding.environments[environment];
    if (!bound) return null;
    const namespace = bound.namespaces[0] ?? "default";
    const name = executorLeaseName(environment);
    const key = `${JSON.stringify(bound.cluster)} ${namespace}/${name}`;
    let lock = locks.get(key);
    if (!lock) {
      const store = kubeLeaseStore(loadKubeConfig(bound.cluster, { env: options.env }), { namespace });
      lock = new LeaseLock({
        store,
        name,
        identity: options.identity,
        clock,
        leaseDurationMs: timing.leaseDurationMs,
      });
      locks.set(key, lock);
    }
    return { key, lock, namespace };
  };

  return (binding) => async (environment, drain) => {
    const found = lockOf(binding, environment);
    // An environment the binding does not declare has no cluster, hence no other writer to exclude.
    if (!found) {
      await drain(new AbortController().signal);
      return true;
    }
    const { key, lock, namespace } = found;
    const before = lines.get(key) ?? Promise.resolve();
    const turn = before
      .catch(() => undefined)
      .then(() =>
        holdLease(lock, drain, {
          clock,
          timing,
          stop: options.shutdown.signal,
          ...(options.log ? { log: options.log } : {}),
        }),
      );
    lines.set(key, turn);
    holding.add(turn);
    try {
      return await turn;
    } catch (error) {
      if (!(error instanceof LeaseRefused)) throw error;
      options.onRefused?.({ lease: lock.name, namespace, environment, reason: error.reason });
      throw new EnvironmentLockRefused(environment, error.reason);
    } finally {
      holding.delete(turn);
      if (lines.get(key) === turn) lines.delete(key);
    }
  };
}
