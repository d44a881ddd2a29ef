import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EnvironmentState } from "../../src/state/environment-state.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { reconcileEnvironment } from "../../src/workflows/reconcile/reconcile-pass.ts";
import { COMMIT_B } from "../deploy/deploy-harness.ts";
import { COMMIT_C, type ReconcileHarness, startReconcileHarness, writesSince } from "./reconcile-harness.ts";

// Issue 10: the loop never touches a held or locked environment, and a self-heal applies only while the
// environment is still as the pass saw it.
describe("reconcile and holds", () => {
  let h: ReconcileHarness;
  beforeEach(async () => {
    h = await startReconcileHarness();
    await h.deployStaging(COMMIT_B);
    await h.deployStaging(COMMIT_C);
    h.clusters.staging.fake.editAs("kubectl-edit", h.isvc(), (o) => {
      (o.spec as { predictor: { minReplicas: number } }).predictor.minReplicas = 9;
    });
  });
  afterEach(() => h.close());

  const pass = () => reconcileEnvironment(h.reconcile, "staging", h.options);
  const set = (change: Partial<EnvironmentState>) =>
    h.store.updateState("staging", (s) => ({ ...s, ...change }));

  const cases: [string, Partial<EnvironmentState>, string][] = [
    [
      "locked to a pull request",
      { lock: { pr: 7, sha: "d".repeat(40), by: "bob", since: "2026-11-01T00:00:00.000Z" } },
      "locked to #7 (applied before merge by @bob)",
    ],
    [
      "holding a failed revision",
      { heldRevision: { commit: "e".repeat(40), reason: "health", at: "2026-11-01T00:00:00.000Z" } },
      "`eeeeeee` failed here and is held",
    ],
    [
      "waiting for a retry",
      {
        pending: { commit: COMMIT_C, intentId: 2, steps: ["registry"], reason: "mlflow", deploymentId: null },
      },
      "waits for `/slipway retry`",
    ],
    ["mid-deploy", { phase: "applying" }, "the executor is applying"],
  ];

  for (const [what, change, reason] of cases)
    it(`leaves an environment ${what} alone: no request to its cluster, outcome held`, async () => {
      await set(change);
      const before = h.clusters.staging.fake.requests.length;
      const result = await pass();
      expect(result).toMatchObject({ outcome: "held", note: expect.stringContaining(reason) });
      expect(h.clusters.staging.fake.requests.length).toBe(before);
      expect((h.isvc().spec as { predictor: { minReplicas: number } }).predictor.minReplicas).toBe(9);
      expect(h.issues.calls).toEqual([]);
      const held = (await h.samples("slipway_reconcile_duration_seconds_count")).find(
        (s) => s.labels.outcome === "held",
      );
      expect(held?.value).toBe(1);
    });

  it("leaves the pass to the replica holding the environment's executor Lease", async () => {
    const asked: string[] = [];
    const before = h.clusters.staging.fake.requests.length;
    const result = await reconcileEnvironment(h.reconcile, "staging", {
      ...h.options,
      exclusive: async (environment) => {
        asked.push(environment);
        return false;
      },
    });
    expect(result.outcome).toBe("skipped");
    expect(asked).toEqual(["staging"]);
    expect(h.clusters.staging.fake.requests.length).toBe(before);
    expect(h.issues.calls).toEqual([]);
    expect(await h.samples("slipway_reconcile_duration_seconds_count")).toEqual([]);
  });

  it("reads and writes the cluster only while holding the Lease", async () => {
    const fake = h.clusters.staging.fake;
    const lists = () => fake.requests.filter((r) => r.verb === "list" || r.verb === "patch").length;
    const start = lists();
    let inside = 0;
    const result = await reconcileEnvironment(h.reconcile, "staging", {
      ...h.options,
      exclusive: async (_environment, drain) => {
        const before = lists();
        await drain(new AbortController().signal);
        inside += lists() - before;
        return true;
      },
    });
    expect(result.outcome).toBe("healed");
    expect(inside).toBeGreaterThan(0);
    expect(lists() - start).toBe(inside);
  });

  it("leaves an environment with queued work alone", async () => {
    await h.store.enqueue("staging", { kind: "deploy", commit: "f".repeat(40), pr: null }, "push");
    const before = h.clusters.staging.fake.requests.length;
    expect((await pass()).outcome).toBe("held");
    expect(h.clusters.staging.fake.requests.length).toBe(before);
  });

  it("skips a self-heal whose environment changed after the pass saw it (a lock taken and released)", async () => {
    const seen = await h.store.readState("staging");
    await set({ lock: { pr: 7, sha: "d".repeat(40), by: "bob", since: "2026-11-01T00:00:00.000Z" } });
    await set({ lock: null });
    const { intent } = await h.store.enqueue(
      "staging",
      { kind: "reconcile", commit: COMMIT_C, revision: seen.revision },
      "reconcile",
    );
    const before = h.clusters.staging.fake.requests.length;
    await drainEnvironment(h.ports, "staging", h.options);
    expect((await h.store.list("staging")).find((q) => q.id === intent.id)).toMatchObject({
      status: "cancelled",
      note: expect.stringContaining("changed since the drift was detected"),
    });
    expect(writesSince(h, before)).toEqual([]);
  });

  it("skips a self-heal of a commit the environment no longer runs", async () => {
    const seen = await h.store.readState("staging");
    await h.store.enqueue(
      "staging",
      { kind: "reconcile", commit: COMMIT_B, revision: seen.revision },
      "reconcile",
    );
    const before = h.clusters.staging.fake.requests.length;
    await drainEnvironment(h.ports, "staging", h.options);
    expect((await h.store.list("staging")).at(-1)).toMatchObject({
      status: "cancelled",
      note: expect.stringContaining("no longer runs it"),
    });
    expect(writesSince(h, before)).toEqual([]);
  });

  it("reports a pass that cannot read MLflow as failed, touching neither the issue nor the cluster", async () => {
    h.mlflow.fake.failNext("*", 503, 100);
    const before = h.clusters.staging.fake.requests.length;
    const result = await pass();
    expect(result.outcome).toBe("failed");
    expect(result.note).toContain("MLflow");
    expect(h.issues.calls).toEqual([]);
    expect(writesSince(h, before)).toEqual([]);
    const failed = (await h.samples("slipway_reconcile_duration_seconds_count")).find(
      (s) => s.labels.outcome === "failed",
    );
    expect(failed?.value).toBe(1);
  });
});
