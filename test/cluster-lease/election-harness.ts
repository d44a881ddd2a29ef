import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClusterFault } from "../../src/cluster/cluster-port.ts";
import { loadKubeConfig } from "../../src/cluster/kube-config.ts";
import { kubeLeaseStore } from "../../src/cluster/lease/kube-lease-store.ts";
import { type LeaderCallbacks, LeaderElector } from "../../src/cluster/lease/leader-election.ts";
import { LeaseLock } from "../../src/cluster/lease/lease-lock.ts";
import type { LeaseRecord, StoredLease } from "../../src/cluster/lease/lease-record.ts";
import type { LeaseStore } from "../../src/cluster/lease/lease-store.ts";
import type { LeaseTiming } from "../../src/cluster/lease/lease-timing.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { ManualClock } from "./manual-clock.ts";

/** Requests under way, so the test moves the clock only when every replica waits on it. */
export const inFlight = { count: 0 };

export async function tracked<T>(work: () => Promise<T>): Promise<T> {
  inFlight.count++;
  try {
    return await work();
  } finally {
    inFlight.count--;
  }
}

/** A replica's connection to the API server, which the test can cut (refused) or hang (no answer). */
export class ReplicaStore implements LeaseStore {
  mode: "up" | "down" | "hung" = "up";
  /** Awaited once before the next request (a barrier that lines replicas up). */
  hold: (() => Promise<void>) | undefined;
  readonly #inner: LeaseStore;

  constructor(inner: LeaseStore) {
    this.#inner = inner;
  }

  #call<T>(work: () => Promise<T>): Promise<T> {
    if (this.mode === "hung") return new Promise<T>(() => {});
    if (this.mode === "down")
      return Promise.reject(new ClusterFault("unreachable", "Kubernetes API (fake) refused the connection."));
    const hold = this.hold;
    this.hold = undefined;
    return tracked(async () => {
      await hold?.();
      return work();
    });
  }

  get(name: string): Promise<StoredLease | null> {
    return this.#call(() => this.#inner.get(name));
  }
  create(name: string, record: LeaseRecord): Promise<StoredLease> {
    return this.#call(() => this.#inner.create(name, record));
  }
  update(name: string, record: LeaseRecord, rv: string): Promise<StoredLease> {
    return this.#call(() => this.#inner.update(name, record, rv));
  }
}

export interface Replica {
  readonly identity: string;
  readonly elector: LeaderElector;
  readonly store: ReplicaStore;
  readonly stop: AbortController;
  done: Promise<void>;
}

export interface Election {
  readonly fake: FakeKubernetes;
  readonly clock: ManualClock;
  /** `started:<id>` / `stopped:<id>` in the order they happened, with the clock's time. */
  readonly events: { what: string; at: number }[];
  /** Set whenever two replicas were leading at once (should stay empty). */
  readonly overlaps: string[];
  readonly leaders: Set<string>;
  replica(identity: string, extra?: Partial<LeaderCallbacks>): Replica;
  /** Lets pending requests finish, then checks `condition`, moving the clock to each next wake-up. */
  until(condition: () => boolean, what: string, maxSteps?: number): Promise<void>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const FAST: LeaseTiming = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

export async function startElection(leaseName = "slipway-leader"): Promise<Election> {
  const fake = await startFakeKubernetes();
  fake.namespaces("slipway");
  const dir = mkdtempSync(join(tmpdir(), "slipway-lease-"));
  const kubeconfig = join(dir, "config");
  writeFileSync(kubeconfig, fake.kubeconfig());
  const clock = new ManualClock();
  const events: { what: string; at: number }[] = [];
  const overlaps: string[] = [];
  const leaders = new Set<string>();
  const replicas: Replica[] = [];

  const settle = async () => {
    // Everything but HTTP is promise jobs, which run out before the next macrotask: once no request is
    // under way across two ticks, every replica is asleep on the clock.
    for (let quiet = 0; quiet < 2; ) {
      await new Promise((r) => setTimeout(r, 0));
      quiet = inFlight.count === 0 ? quiet + 1 : 0;
    }
  };

  return {
    fake,
    clock,
    events,
    overlaps,
    leaders,
    replica(identity, extra = {}) {
      const store = new ReplicaStore(
        kubeLeaseStore(loadKubeConfig({ kubeconfig }), { namespace: "slipway", timeoutMs: 5_000 }),
      );
      const lock = new LeaseLock({ store, name: leaseName, identity, clock, leaseDurationMs: 15_000 });
      const elector = new LeaderElector({
        lock,
        clock,
        timing: FAST,
        random: () => 0.5,
        callbacks: {
          onStartedLeading: (signal) => {
            leaders.add(identity);
            events.push({ what: `started:${identity}`, at: clock.now() });
            if (leaders.size > 1) overlaps.push(`${[...leaders].join(" and ")} at ${clock.now()}`);
            extra.onStartedLeading?.(signal);
          },
          onStoppedLeading: async () => {
            leaders.delete(identity);
            events.push({ what: `stopped:${identity}`, at: clock.now() });
            await extra.onStoppedLeading?.();
          },
        },
      });
      const stop = new AbortController();
      const replica: Replica = { identity, elector, store, stop, done: elector.run(stop.signal) };
      replicas.push(replica);
      return replica;
    },
    settle,
    async until(condition, what, maxSteps = 400) {
      for (let step = 0; step < maxSteps; step++) {
        await settle();
        const leading = replicas.filter((r) => r.elector.isLeader()).map((r) => r.identity);
        if (leading.length > 1) overlaps.push(`${leading.join(" and ")} report isLeader at ${clock.now()}`);
        if (condition()) return;
        if (!clock.advanceToNext()) break;
      }
      throw new Error(`never reached: ${what}`);
    },
    async close() {
      for (const r of replicas) {
        r.store.mode = "down";
        r.stop.abort();
      }
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
