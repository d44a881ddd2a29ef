import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileEnvironment } from "../../src/workflows/reconcile/reconcile-pass.ts";
import { COMMIT_B } from "../deploy/deploy-harness.ts";
import { COMMIT_C, type ReconcileHarness, startReconcileHarness } from "./reconcile-harness.ts";

const COMMIT_D = "d4".repeat(20);
const COMMIT_E = "e5".repeat(20);

// Issue 10: objects left in the inventory that the applied commit no longer renders are drift (orphans);
// self-heal prunes them, never more than the repository's prune share allows.
describe("reconcile and orphans", () => {
  let h: ReconcileHarness;
  beforeEach(async () => {
    h = await startReconcileHarness();
    await h.deployStaging(COMMIT_B);
    await h.deployStaging(COMMIT_C);
    const files = h.trees.get(COMMIT_C) ?? {};
    const without = (...prefixes: string[]) =>
      Object.fromEntries(Object.entries(files).filter(([path]) => !prefixes.some((p) => path.startsWith(p))));
    // D drops the monitor (and what refers to it); E drops the platform stack, most of the environment.
    const model = files["models/fraud-detection.yaml"] ?? "";
    h.trees.set(COMMIT_D, {
      ...without("monitors/", "pipelines/"),
      "models/fraud-detection.yaml": model.replace(/^\s*monitors:.*$/m, ""),
    });
    h.trees.set(COMMIT_E, without("platform/"));
  });
  afterEach(() => h.close());

  /** The environment's record says it runs `commit` although the cluster still holds C's objects. */
  const runs = (commit: string) => h.store.updateState("staging", (s) => ({ ...s, appliedCommit: commit }));
  const pass = () => reconcileEnvironment(h.reconcile, "staging", h.options);

  it("prunes orphans within the prune share and closes the issue", async () => {
    await runs(COMMIT_D);
    const result = await pass();
    expect(result.outcome).toBe("healed");
    expect(result.drift?.objects.every((o) => o.kind === "orphan")).toBe(true);
    expect(result.drift?.objects.map((o) => o.ref.kind).sort()).toEqual([
      "ConfigMap",
      "ConfigMap",
      "CronJob",
      "PrometheusRule",
      "ServiceAccount",
    ]);
    expect(h.clusters.staging.fake.objects("PrometheusRule")).toEqual([]);
    expect(h.issues.byKey("config-drift:staging")?.state).toBe("closed");
  }, 60_000);

  it("refuses a heal that would prune more than the share: nothing deleted, the issue says why", async () => {
    await runs(COMMIT_E);
    const releases = h.clusters.staging.fake.objects("HelmRelease").length;
    const result = await pass();
    expect(result.outcome).toBe("failed");
    expect(result.drift?.objects.filter((o) => o.kind === "orphan").length).toBeGreaterThan(5);
    expect(h.clusters.staging.fake.requests.filter((r) => r.verb === "delete")).toEqual([]);
    expect(h.clusters.staging.fake.objects("HelmRelease")).toHaveLength(releases);
    const issue = h.issues.byKey("config-drift:staging");
    expect(issue?.state).toBe("open");
    expect(issue?.body).toContain("Self-heal of `e5e5e5e` did not complete");
    expect(issue?.body).toMatch(/prune/i);
  }, 60_000);
});
