import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { COMMIT_A, COMMIT_B, type DeployHarness, PR, startDeployHarness } from "./deploy-harness.ts";

const target = (commit: string, pr: number | null = PR) => ({ commit, branch: "main", pr });

async function alias(h: DeployHarness) {
  return (await h.mlflow.tracker.getRegisteredModel("fraud-detection")).aliases;
}

// Issue 9: merge-to-deploy through the workflow — staging first, then production after gates and an
// approval; apply through the cluster engine, then the registry, then the GitHub Deployment.
describe("merge-to-deploy", () => {
  let h: DeployHarness;
  beforeEach(async () => {
    h = await startDeployHarness();
  });
  afterEach(() => h.close());

  it("deploys staging, waits for an approval, deploys production and moves the alias last", async () => {
    expect(await advanceDeploy(h.ports, target(COMMIT_B))).toMatchObject({
      kind: "enqueued",
      environment: "staging",
      position: 1,
    });
    await drainEnvironment(h.ports, "staging", h.options);
    expect((await h.store.readState("staging")).appliedCommit).toBe(COMMIT_B);
    expect(h.github.statuses("staging")).toEqual([["in_progress", "success"]]);
    expect(h.clusters.staging.fake.objects("InferenceService")).toHaveLength(1);
    // Production waits: the template declares one approval.
    expect(h.reports.map((r) => r.text)).toContainEqual(
      expect.stringContaining("**production** waits for approval (0 of 1)"),
    );
    expect(h.clusters.production.fake.objects("InferenceService")).toHaveLength(0);
    expect((await alias(h)).find((a) => a.alias === "champion")?.version).toBe("6");

    // The author's own approval does not count.
    await h.store.addApproval({
      environment: "production",
      commit: COMMIT_B,
      login: "alice",
      at: new Date().toISOString(),
    });
    expect(await advanceDeploy(h.ports, target(COMMIT_B))).toMatchObject({
      kind: "waiting",
      gate: { kind: "approvals", have: 0 },
    });
    await h.store.addApproval({
      environment: "production",
      commit: COMMIT_B,
      login: "carol",
      at: new Date().toISOString(),
    });
    expect(await advanceDeploy(h.ports, target(COMMIT_B))).toMatchObject({
      kind: "enqueued",
      environment: "production",
    });
    await drainEnvironment(h.ports, "production", h.options);

    expect((await h.store.readState("production")).appliedCommit).toBe(COMMIT_B);
    expect(h.github.statuses("production")).toEqual([["in_progress", "success"]]);
    expect(h.github.deployments.at(-1)?.statuses.at(-1)?.environmentUrl).toBe("https://models.acme.internal");
    expect((await alias(h)).find((a) => a.alias === "champion")?.version).toBe("7");
    const isvc = h.clusters.production.fake.objects("InferenceService")[0] as {
      spec?: { predictor?: { model?: { storageUri?: string } } };
    };
    expect(JSON.stringify(isvc)).toContain(`mlflow-artifacts:/${h.mlflow.experimentId}/`);
    expect(await h.store.deploys("production")).toMatchObject([
      { commit: COMMIT_B, outcome: "success", gatesPassed: true, models: { "fraud-detection": "7" } },
    ]);
    expect(await advanceDeploy(h.ports, target(COMMIT_B))).toEqual({ kind: "complete" });
  });

  it("a repeated push is a no-op: nothing queued twice, nothing applied twice", async () => {
    await advanceDeploy(h.ports, target(COMMIT_B));
    const again = await advanceDeploy(h.ports, target(COMMIT_B));
    expect(again).toMatchObject({ kind: "enqueued", environment: "staging", position: 1 });
    await drainEnvironment(h.ports, "staging", h.options);
    expect(h.github.statuses("staging")).toHaveLength(1);
    const writes = h.clusters.staging.fake.requests.length;
    await h.store.enqueue("staging", { kind: "deploy", commit: COMMIT_B, pr: PR }, "push");
    await drainEnvironment(h.ports, "staging", h.options);
    expect(h.github.statuses("staging")).toHaveLength(1);
    expect(h.clusters.staging.fake.requests.length).toBe(writes);
  });

  it("never deploys an older commit over a newer one", async () => {
    await h.store.enqueue("staging", { kind: "deploy", commit: COMMIT_B, pr: PR }, "push");
    await drainEnvironment(h.ports, "staging", h.options);
    await h.store.enqueue("staging", { kind: "deploy", commit: COMMIT_A, pr: null }, "push");
    await drainEnvironment(h.ports, "staging", h.options);
    expect((await h.store.readState("staging")).appliedCommit).toBe(COMMIT_B);
    expect(h.reports.at(-1)?.text).toContain(
      "is already part of `b2b2b2b`, the newer commit `staging` runs; an older commit is never deployed over a newer one",
    );
  });

  it("keeps production closed when the merged head's gates did not pass", async () => {
    h.github.conclusions.set("head-of-41", "failure");
    await advanceDeploy(h.ports, target(COMMIT_B));
    await drainEnvironment(h.ports, "staging", h.options);
    await h.store.addApproval({
      environment: "production",
      commit: COMMIT_B,
      login: "carol",
      at: new Date().toISOString(),
    });
    expect(await advanceDeploy(h.ports, target(COMMIT_B))).toMatchObject({
      kind: "waiting",
      environment: "production",
      gate: { kind: "gates", conclusion: "failure" },
    });
  });

  it("marks a partial deploy when MLflow fails after the cluster, and /slipway retry completes it without applying again", async () => {
    await h.store.addApproval({
      environment: "production",
      commit: COMMIT_B,
      login: "carol",
      at: new Date().toISOString(),
    });
    h.mlflow.fake.failNext("POST registered-models/alias", 503, 100);
    await advanceDeploy(h.ports, target(COMMIT_B));
    await drainEnvironment(h.ports, "staging", h.options);
    const state = await h.store.readState("production");
    expect(state).toMatchObject({
      appliedCommit: COMMIT_B,
      phase: "failed",
      pending: { commit: COMMIT_B, steps: ["registry", "deployment"] },
    });
    expect(state.pending?.reason).toContain(
      "applied to the cluster, but the MLflow registry was not updated: MLflow failed to answer",
    );
    expect(h.github.statuses("production")).toEqual([["in_progress", "failure"]]);
    expect(h.reports.map((r) => r.text)).toContainEqual(
      expect.stringContaining("`/slipway retry` completes it"),
    );
    expect((await alias(h)).find((a) => a.alias === "champion")?.version).toBe("6");

    h.mlflow.fake.clearFaults();
    const patches = h.clusters.production.fake.counts().patch;
    await h.store.enqueue("production", { kind: "retry", commit: COMMIT_B, pr: PR }, "carol");
    await drainEnvironment(h.ports, "production", h.options);
    expect(h.clusters.production.fake.counts().patch).toBe(patches);
    expect((await alias(h)).find((a) => a.alias === "champion")?.version).toBe("7");
    expect(h.github.statuses("production")).toEqual([["in_progress", "failure", "success"]]);
    expect(await h.store.readState("production")).toMatchObject({
      phase: "idle",
      pending: null,
      appliedCommit: COMMIT_B,
    });
  });
});

describe("a deploy that fails health", () => {
  let h: DeployHarness;
  let failing = false;
  beforeEach(async () => {
    failing = false;
    // The controller fails to load version 7 only: the rollback to version 6 becomes healthy again.
    h = await startDeployHarness({
      failing: (o) => failing && JSON.stringify(o).includes("fraud-detection/7"),
    });
  });
  afterEach(() => h.close());

  it("rolls back to the last good commit, holds the failed revision and never re-applies it by itself", async () => {
    await h.store.enqueue("staging", { kind: "deploy", commit: COMMIT_A, pr: null }, "push");
    await drainEnvironment(h.ports, "staging", h.options);
    expect((await h.store.readState("staging")).appliedCommit).toBe(COMMIT_A);

    failing = true;
    await h.store.enqueue("staging", { kind: "deploy", commit: COMMIT_B, pr: PR }, "push");
    await drainEnvironment(h.ports, "staging", h.options);
    const state = await h.store.readState("staging");
    expect(state).toMatchObject({
      appliedCommit: COMMIT_A,
      phase: "failed",
      heldRevision: { commit: COMMIT_B },
    });
    expect(h.github.statuses("staging")).toEqual([
      ["in_progress", "success"],
      ["in_progress", "failure"],
    ]);
    const note = h.reports.find((r) => r.text.startsWith("❌ **staging**"))?.text ?? "";
    expect(note).toContain("rolled-back");
    expect(note).toContain("still serves");
    expect(await h.store.deploys("staging", 1)).toMatchObject([{ commit: COMMIT_B, outcome: "failure" }]);
    // Production is never reached, and a repeated push of the failed commit does not re-apply it.
    expect(await advanceDeploy(h.ports, target(COMMIT_B))).toMatchObject({
      kind: "waiting",
      gate: { kind: "done" },
    });
    failing = false;
    const writes = h.clusters.staging.fake.counts().patch;
    await h.store.enqueue("staging", { kind: "deploy", commit: COMMIT_B, pr: PR }, "push");
    await drainEnvironment(h.ports, "staging", h.options);
    expect(h.clusters.staging.fake.counts().patch).toBe(writes);
    expect(h.reports.at(-1)?.text).toContain("is held");
  });
});
