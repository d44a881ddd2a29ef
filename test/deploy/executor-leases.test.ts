import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectKubeCluster } from "../../src/cluster/kube-cluster.ts";
import { executorLeases } from "../../src/github/executor-leases.ts";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { clusterStore } from "../../src/state/cluster-store.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import type { DeployPorts } from "../../src/workflows/deploy/deploy-ports.ts";
import { drainEnvironment, type ExecutorOptions } from "../../src/workflows/deploy/run-executor.ts";
import { COMMIT_A, COMMIT_B, type DeployHarness, PR, startDeployHarness } from "./deploy-harness.ts";

const COMMIT_C = "c3".repeat(20);

/** Short, valid lease timing (client-go's invariants hold), so a lost race is retried quickly. */
const TIMING = { leaseDurationMs: 2_000, renewDeadlineMs: 1_500, retryPeriodMs: 200 };

interface Replica {
  ports: DeployPorts;
  options: ExecutorOptions;
  shutdown: AbortController;
  stops: (() => Promise<void>)[];
}

// Issue 10, item 2: one writer per environment — the holder of its `slipway-env-<env>` Lease.
describe("executor leases", () => {
  let h: DeployHarness;
  let binding: ServerBinding;

  beforeEach(async () => {
    h = await startDeployHarness();
    const bound = h.ports.binding as ServerBinding;
    const kubeconfigs = {
      staging: h.clusters.staging.kubeconfig,
      production: h.clusters.production.kubeconfig,
    };
    binding = {
      ...bound,
      environments: Object.fromEntries(
        Object.entries(bound.environments).map(([name, e]) => [
          name,
          {
            ...e,
            cluster: { kubeconfig: kubeconfigs[name as keyof typeof kubeconfigs], context: "staging" },
          },
        ]),
      ),
    };
  });
  afterEach(() => h.close());

  /** A replica: its own store and cluster clients on the same fake clusters, its own Lease candidate. */
  function replica(identity: string): Replica {
    const shutdown = new AbortController();
    const stops: (() => Promise<void>)[] = [];
    const store = clusterStore({
      environments: Object.fromEntries(
        Object.entries(binding.environments).map(([name, e]) => [
          name,
          { port: connectKubeCluster(e.cluster), namespaces: e.namespaces },
        ]),
      ),
      clock: () => Date.now(),
    });
    const leases = executorLeases({
      identity,
      env: {},
      timing: TIMING,
      shutdown: { signal: shutdown.signal, onStop: (_, run) => stops.push(run) },
    });
    return {
      ports: { ...h.ports, store, binding },
      options: { ...h.options, executor: identity, exclusive: leases(binding) },
      shutdown,
      stops,
    };
  }

  it("two replicas draining the same environment at once apply each intent exactly once", async () => {
    const a = replica("replica-a");
    const b = replica("replica-b");
    await advanceDeploy(a.ports, { commit: COMMIT_A, branch: "main", pr: null });
    await advanceDeploy(b.ports, { commit: COMMIT_B, branch: "main", pr: PR });
    expect(await a.ports.store.list("staging", ["queued"])).toHaveLength(2);
    const fake = h.clusters.staging.fake;
    const before = fake.requests.length;

    await Promise.all([
      drainEnvironment(a.ports, "staging", a.options),
      drainEnvironment(b.ports, "staging", b.options),
    ]);

    const done = await a.ports.store.list("staging", ["done"]);
    expect(done.map((q) => "commit" in q.intent && q.intent.commit)).toEqual([COMMIT_A, COMMIT_B]);
    expect(await a.ports.store.list("staging", ["queued", "running", "failed", "cancelled"])).toEqual([]);
    expect((await b.ports.store.deploys("staging")).map((d) => d.commit)).toEqual([COMMIT_B, COMMIT_A]);
    expect(h.github.statuses("staging")).toEqual([
      ["in_progress", "success"],
      ["in_progress", "success"],
    ]);
    const applies = fake.requests
      .slice(before)
      .filter(
        (r) => r.verb === "patch" && r.resource === "inferenceservices" && r.query.dryRun === undefined,
      );
    expect(applies).toHaveLength(2);
    // Only the Lease holder wrote, and it gave the Lease up once idle.
    const lease = fake.objects("Lease").find((l) => l.metadata?.name === "slipway-env-staging") as
      | { spec?: { holderIdentity?: string } }
      | undefined;
    expect(lease?.spec?.holderIdentity).toBe("");
    const claimers = new Set(done.map((q) => q.claimedBy));
    expect(claimers.size).toBe(1);
  });

  it("a replica whose environment's Lease another holds only enqueues; the holder drains it", async () => {
    const a = replica("replica-a");
    const b = replica("replica-b");
    // C follows B with the same files: its deploy changes nothing but is still B's successor to run.
    h.github.history.push(COMMIT_C);
    h.trees.set(COMMIT_C, h.trees.get(COMMIT_B) ?? {});
    await advanceDeploy(a.ports, { commit: COMMIT_B, branch: "main", pr: PR });
    let enqueued = false;
    // While A holds the Lease (inside its drain), B asks for another deploy and to drain.
    const slow = {
      ...a.options,
      report: async (pr: number | null, text: string) => {
        if (!enqueued) {
          enqueued = true;
          await advanceDeploy(b.ports, { commit: COMMIT_C, branch: "main", pr: null });
          await drainEnvironment(b.ports, "staging", b.options);
          expect(await b.ports.store.list("staging", ["queued"])).toHaveLength(1);
        }
        await a.options.report(pr, text);
      },
    };
    await drainEnvironment(a.ports, "staging", slow);
    expect(enqueued).toBe(true);
    const finished = await a.ports.store.list("staging", ["done", "cancelled", "failed"]);
    expect(finished.map((q) => [q.status, q.claimedBy, "commit" in q.intent && q.intent.commit])).toEqual([
      ["done", "replica-a", COMMIT_B],
      ["done", "replica-a", COMMIT_C],
    ]);
  });

  it("on shutdown a replica stops taking intents and releases the Lease", async () => {
    const a = replica("replica-a");
    await advanceDeploy(a.ports, { commit: COMMIT_A, branch: "main", pr: null });
    await advanceDeploy(a.ports, { commit: COMMIT_B, branch: "main", pr: PR });
    const stopping = {
      ...a.options,
      report: async (pr: number | null, text: string) => {
        a.shutdown.abort();
        await a.options.report(pr, text);
      },
    };
    await drainEnvironment(a.ports, "staging", stopping);
    for (const stop of a.stops) await stop();
    expect((await a.ports.store.list("staging", ["done"])).length).toBe(1);
    expect(await a.ports.store.list("staging", ["queued"])).toHaveLength(1);
    const lease = h.clusters.staging.fake.objects("Lease")[0] as { spec?: { holderIdentity?: string } };
    expect(lease.spec?.holderIdentity).toBe("");
  });
});
