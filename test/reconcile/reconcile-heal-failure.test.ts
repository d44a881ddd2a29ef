import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileEnvironment } from "../../src/workflows/reconcile/reconcile-pass.ts";
import { COMMIT_B } from "../deploy/deploy-harness.ts";
import { COMMIT_C, type ReconcileHarness, startReconcileHarness } from "./reconcile-harness.ts";

// Issue 10: a self-heal goes through the deploy's health wait; when the re-applied objects do not become
// healthy, the pass fails, the issue stays open and says so, and the applied commit is not held.
describe("a self-heal that fails health", () => {
  let h: ReconcileHarness;
  let failing = false;
  beforeEach(async () => {
    failing = false;
    h = await startReconcileHarness({
      failing: (o) => failing && (o as { kind?: string }).kind === "InferenceService",
    });
    await h.deployStaging(COMMIT_B);
    await h.deployStaging(COMMIT_C);
  });
  afterEach(() => h.close());

  it("is reported as failed in the metric and the open issue", async () => {
    failing = true;
    h.clusters.staging.fake.editAs("kubectl-edit", h.isvc(), (o) => {
      (o.spec as { predictor: { minReplicas: number } }).predictor.minReplicas = 4;
    });
    const result = await reconcileEnvironment(h.reconcile, "staging", h.options);
    expect(result.outcome).toBe("failed");
    const issue = h.issues.byKey("config-drift:staging");
    expect(issue?.state).toBe("open");
    expect(issue?.body).toContain("Self-heal of `c3c3c3c` did not complete");
    expect(await h.store.readState("staging")).toMatchObject({
      appliedCommit: COMMIT_C,
      phase: "idle",
      heldRevision: null,
    });
    const failed = (await h.samples("slipway_reconcile_duration_seconds_count")).find(
      (s) => s.labels.outcome === "failed",
    );
    expect(failed?.value).toBe(1);
  }, 60_000);
});
