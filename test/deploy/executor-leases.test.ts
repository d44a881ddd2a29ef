import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectKubeCluster } from "../../src/cluster/kube-cluster.ts";
import type { LeaseRefusal } from "../../src/cluster/lease/lease-refused.ts";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { executorLeases } from "../../src/server/executor-leases.ts";
import { firstTimeMemory } from "../../src/server/first-time.ts";
import { clusterStore } from "../../src/state/cluster-store.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import type { DeployPorts } from "../../src/workflows/deploy/deploy-ports.ts";
import { drainEnvironment, type ExecutorOptions } from "../../src/workflows/deploy/run-executor.ts";
import { withoutResource } from "../helpers/overlay-rbac.ts";
import { COMMIT_A, COMMIT_B, type DeployHarness, PR, startDeployHarness } from "./deploy-harness.ts";

const COMMIT_C = "c3".repeat(20);

/** Short, valid lease timing (client-go's invariants hold), so a lost race is retried quickly. */
const TIMING = { leaseDurationMs: 2_000, renewDeadlineMs: 1_500, retryPeriodMs: 200 };

interface Replica {
  ports: DeployPorts;
  options: ExecutorOptions;
  shutdown: AbortController;
  stops: (() => Promise<void>)[];
  refusals: LeaseRefusal[];
}

/** The harness's binding with each environment reached through its fake cluster's kubeconfig. */
function clusterBinding(h: DeployHarness): ServerBinding {
  const bound = h.ports.binding as ServerBinding;
  const kubeconfigs = {
    staging: h.clusters.staging.kubeconfig,
    production: h.clusters.production.kubeconfig,
  };
  return {
    ...bound,
    environments: Object.fromEntries(
      Object.entries(bound.environments).map(([name, e]) => [
        name,
        { ...e, cluster: { kubeconfig: kubeconfigs[name as keyof typeof kubeconfigs], context: "staging" } },
      ]),
    ),
  };
}

/** A replica: its own store and cluster clients on the same fake clusters, its own Lease candidate. */
function replicaOf(h: DeployHarness, binding: ServerBinding, identity: string): Replica {
  const shutdown = new AbortController();
  const stops: (() => Promise<void>)[] = [];
  const refusals: LeaseRefusal[] = [];
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
    onRefused: (refusal) => refusals.push(refusal),
  });
  return {
    ports: { ...h.ports, store, binding },
    options: { ...h.options, executor: identity, exclusive: leases(binding), firstTime: firstTimeMemory() },
    shutdown,
    stops,
    refusals,
  };
}

// Issue 10, item 2: one writer per environment — the holder of its `slipway-env-<env>` Lease.
describe("executor leases", () => {
  let h: DeployHarness;
  let binding: ServerBinding;

  beforeEach(async () => {
    h = await startDeployHarness();
    binding = clusterBinding(h);
  });
  afterEach(() => h.close());

  const replica = (identity: string) => replicaOf(h, binding, identity);

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

// Issue 16, item 6: a Lease the cluster's RBAC refuses is a loud, named failure, never a silent wait.
describe("executor leases under RBAC without leases", () => {
  let h: DeployHarness;

  beforeEach(async () => {
    h = await startDeployHarness({ rbac: withoutResource("leases") });
  });
  afterEach(() => h.close());

  it("applies nothing, tells each waiting pull request once that the environment cannot be locked, and reports the refusal", async () => {
    const a = replicaOf(h, clusterBinding(h), "replica-a");
    await advanceDeploy(a.ports, { commit: COMMIT_B, branch: "main", pr: PR });
    const fake = h.clusters.staging.fake;

    await drainEnvironment(a.ports, "staging", a.options);
    // The recovery interval drains again: the refusal is counted again, but not said again.
    await drainEnvironment(a.ports, "staging", a.options);

    expect(fake.requestsFor("patch").filter((r) => r.resource !== "configmaps")).toEqual([]);
    expect((await a.ports.store.list("staging", ["queued"])).length).toBe(1);
    const told = h.reports.filter((r) => r.text.includes("cannot be locked"));
    expect(told).toHaveLength(1);
    expect(told[0]?.pr).toBe(PR);
    expect(told[0]?.text).toContain("🔒 **staging** cannot be locked, so nothing is deployed there:");
    expect(told[0]?.text).toContain(
      'leases.coordination.k8s.io "slipway-env-staging" is forbidden: User "system:serviceaccount:slipway:slipway" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "ml-serving"',
    );
    expect(told[0]?.text).toContain(`The deploy of \`${COMMIT_B.slice(0, 7)}\` stays queued`);
    expect(a.refusals).toHaveLength(2);
    expect(a.refusals[0]).toMatchObject({
      lease: "slipway-env-staging",
      namespace: "ml-serving",
      environment: "staging",
    });
    expect(a.refusals[0]?.reason).toContain("HTTP 403 Forbidden");
    // The first refused request ended the attempt: no retry loop against a 403.
    expect(fake.requestsFor("get", "leases")).toHaveLength(2);
  });
});
