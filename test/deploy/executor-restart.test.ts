import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApplyOptions, ClusterPort } from "../../src/cluster/cluster-port.ts";
import { inventoryLocation, readInventory } from "../../src/cluster/inventory/inventory-store.ts";
import { openSqliteStore, type SqliteStore } from "../../src/state/sqlite-store.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import type { DeployPorts } from "../../src/workflows/deploy/deploy-ports.ts";
import { recoverDeploys } from "../../src/workflows/deploy/recover-deploys.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { COMMIT_A, COMMIT_B, type DeployHarness, PR, startDeployHarness } from "./deploy-harness.ts";

/** A cluster whose apply of an InferenceService never answers: the executor "dies" mid-apply. */
function dyingAt(port: ClusterPort, reached: () => void): ClusterPort {
  return new Proxy(port, {
    get(target, key, receiver) {
      if (key !== "apply") return Reflect.get(target, key, receiver);
      return (object: { kind?: string }, options: ApplyOptions) => {
        if (object.kind === "InferenceService" && !options.dryRun) {
          reached();
          return new Promise(() => {});
        }
        return target.apply(object as never, options);
      };
    },
  });
}

// Issue 9: a crash of the executor mid-deploy, then a restart and the deploy's completion.
describe("executor restart", () => {
  let h: DeployHarness;
  let store: SqliteStore;
  let now: number;
  const at = () => new Date(now).toISOString();
  const portsWith = (extra: Partial<DeployPorts>): DeployPorts => ({ ...h.ports, store, now: at, ...extra });

  beforeEach(async () => {
    h = await startDeployHarness();
    now = Date.parse("2026-11-25T08:00:00Z");
    // The store's clock stamps claims; the same injected clock decides when a claim is stale.
    store = openSqliteStore(":memory:", { clock: () => now });
  });
  afterEach(async () => {
    store.close();
    await h.close();
  });

  it("a new executor takes over the dead one's intent after the stale time and completes the deploy", async () => {
    const ports = portsWith({});
    expect(await advanceDeploy(ports, { commit: COMMIT_B, branch: "main", pr: PR })).toMatchObject({
      kind: "enqueued",
      environment: "staging",
    });

    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => {
      crashed = resolve;
    });
    const staging = h.clusters.staging;
    const dying = portsWith({
      cluster: (env, binding) =>
        env === "staging" ? dyingAt(staging.cluster, crashed) : h.ports.cluster(env, binding),
    });
    void drainEnvironment(dying, "staging", { ...h.options, executor: "executor-a" });
    await crash;

    // Mid-apply: the intent is A's, and the inventory already lists what A was about to apply.
    const [running] = await store.list("staging", ["running"]);
    expect(running).toMatchObject({ claimedBy: "executor-a", intent: { commit: COMMIT_B } });
    const namespaces = h.ports.binding?.environments.staging?.namespaces ?? [];
    const at0 = await readInventory(staging.cluster, inventoryLocation("staging", namespaces), "staging");
    expect(at0.inventory).toMatchObject({ phase: "applying", commit: COMMIT_B });
    expect(at0.inventory.entries.map((e) => e.ref.kind)).toContain("InferenceService");
    expect(staging.fake.objects("InferenceService")).toHaveLength(0);

    // Restarted as B before the claim is stale: A might still be at it, so B leaves it alone.
    const b = { ...h.options, executor: "executor-b" };
    expect(await recoverDeploys(ports, b)).toEqual([]);
    expect(await store.list("staging", ["running"])).toHaveLength(1);

    now += h.options.staleAfterMs + 1_000;
    expect(await recoverDeploys(ports, b)).toEqual(["staging"]);

    const [done] = await store.list("staging", ["done"]);
    expect(done).toMatchObject({ id: running?.id, claimedBy: "executor-b" });
    expect((await store.readState("staging")).appliedCommit).toBe(COMMIT_B);
    const after = await readInventory(staging.cluster, inventoryLocation("staging", namespaces), "staging");
    expect(after.inventory).toMatchObject({ phase: "applied", commit: COMMIT_B, lastGoodCommit: COMMIT_B });
    // Consistent: everything the inventory lists exists, the InferenceService once.
    for (const { ref } of after.inventory.entries)
      expect(await staging.cluster.get(ref), `${ref.kind} ${ref.name}`).not.toBeNull();
    expect(staging.fake.objects("InferenceService")).toHaveLength(1);
    // A's Deployment is not left in_progress forever: B marks it error before creating its own.
    expect(h.github.statuses("staging")).toEqual([
      ["in_progress", "error"],
      ["in_progress", "success"],
    ]);
    expect(h.github.deployments[0]?.statuses.at(-1)?.description).toBe(
      "the executor stopped mid-deploy; taken over by executor-b",
    );
    // The deploy went on along its route: production waits for its approval.
    expect(h.reports.map((r) => r.text)).toContainEqual(
      expect.stringContaining("**production** waits for approval"),
    );
    expect(await recoverDeploys(ports, b)).toEqual([]);
  });

  it("marks only this commit's unfinished Deployments in this environment, and only once", async () => {
    const ports = portsWith({});
    const leftover = async (environment: string, sha: string, state?: "in_progress" | "failure") => {
      const id = await h.github.createDeployment({
        sha,
        environment,
        description: "an earlier attempt",
        productionEnvironment: environment === "production",
        payload: {},
      });
      if (state) await h.github.setDeploymentStatus(id, state, { description: "" });
      return id;
    };
    const created = await leftover("staging", COMMIT_B);
    const running = await leftover("staging", COMMIT_B, "in_progress");
    const failed = await leftover("staging", COMMIT_B, "failure");
    const elsewhere = await leftover("production", COMMIT_B, "in_progress");
    const older = await leftover("staging", COMMIT_A, "in_progress");
    await advanceDeploy(ports, { commit: COMMIT_B, branch: "main", pr: PR });
    await drainEnvironment(ports, "staging", { ...h.options, executor: "executor-b" });

    const last = (id: number) => h.github.deployments[id - 1]?.statuses.at(-1)?.state;
    expect([created, running].map(last)).toEqual(["error", "error"]);
    expect([failed, elsewhere, older].map(last)).toEqual(["failure", "in_progress", "in_progress"]);
    expect(h.github.deployments.at(-1)?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(h.github.deployments[running - 1]?.statuses.filter((s) => s.state === "error")).toHaveLength(1);
  });

  it("the same executor identity resumes its own running intent at once", async () => {
    const ports = portsWith({});
    await advanceDeploy(ports, { commit: COMMIT_B, branch: "main", pr: PR });
    const claimed = await store.claimNext("staging", "executor-a", at());
    expect(claimed?.status).toBe("running");
    expect(await recoverDeploys(ports, { ...h.options, executor: "executor-a" })).toEqual(["staging"]);
    expect((await store.readState("staging")).appliedCommit).toBe(COMMIT_B);
    expect(await store.list("staging", ["queued", "running"])).toEqual([]);
  });
});
