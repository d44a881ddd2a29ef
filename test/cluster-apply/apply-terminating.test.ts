import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEnvironment } from "../../src/cluster/apply/apply-environment.ts";
import { waitGone } from "../../src/cluster/wait-gone.ts";
import { buildPlan } from "../../src/plan/build-plan.ts";
import { renderApplyText } from "../../src/report/apply-text.ts";
import { renderPlanText } from "../../src/report/plan-text.ts";
import { type ApplyHarness, COMMIT_A, COMMIT_B, startApplyHarness, tracked } from "./apply-fixture.ts";

const COMMIT_C = "c".repeat(40);
const FLUX = "finalizers.fluxcd.io";
const RELEASE = {
  apiVersion: "helm.toolkit.fluxcd.io/v2",
  kind: "HelmRelease",
  namespace: "kubeflow",
  name: "kubeflow",
};

const isRelease = (o: { ref: { kind: string; name: string } }) =>
  o.ref.kind === "HelmRelease" && o.ref.name === "kubeflow";

/** The template without the Kubeflow component: its HelmRelease and HelmRepository go. */
const withoutKubeflow = (files: Record<string, string>) => {
  files["platform/stack.yaml"] = (files["platform/stack.yaml"] ?? "").replace(
    "    kubeflow:\n      enabled: true",
    "    kubeflow:\n      enabled: false",
  );
};

// Issue 16, item 7: Flux's helm-controller keeps a deleted HelmRelease (its finalizer) until it has
// uninstalled the chart. An apply that adds it back meanwhile must not call it unchanged and let it go.
describe("apply: objects being deleted (finalizers)", () => {
  let h: ApplyHarness;
  /** The helm-controller's clean-up: done when the test says so. */
  let uninstalled = false;
  let clock = 0;
  const release = () =>
    h.fake.editAs("helm-controller", RELEASE, (o) => {
      o.metadata.finalizers = [];
    });
  const waiting = (timeoutMs = 60_000) =>
    waitGone(h.cluster, {
      timeoutMs,
      pollMs: 1_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
        if (uninstalled && h.fake.object(RELEASE)) release();
      },
    });

  beforeEach(async () => {
    h = await startApplyHarness();
    uninstalled = false;
    await applyEnvironment(await h.render(COMMIT_A), h.settings());
    h.fake.editAs("helm-controller", RELEASE, (o) => {
      o.metadata.finalizers = [FLUX];
    });
    // Kubeflow is pruned: its HelmRelease is only marked, the chart being uninstalled.
    const pruned = await applyEnvironment(
      await h.render(COMMIT_B, withoutKubeflow),
      h.settings({ prune: true }),
    );
    expect(pruned.outcome).toBe("applied");
    expect(h.fake.object(RELEASE)?.metadata.deletionTimestamp).toBeDefined();
  });
  afterEach(() => h.close());

  it("says a pruned object still being deleted is deleting, and keeps it in the inventory until it is gone", async () => {
    const again = await applyEnvironment(
      await h.render(COMMIT_B, withoutKubeflow),
      h.settings({ prune: true }),
    );
    const outcome = again.objects.find(isRelease);
    expect(outcome).toMatchObject({ action: "delete", result: "deleting" });
    expect(outcome?.message).toMatch(
      /^being deleted since \S+Z; goes once its finalizers are done \(finalizers\.fluxcd\.io\); kept in the inventory until then$/,
    );
    expect(tracked(await h.inventory())).toContain("HelmRelease kubeflow/kubeflow");
    release();
    const done = await applyEnvironment(
      await h.render(COMMIT_B, withoutKubeflow),
      h.settings({ prune: true }),
    );
    // Gone from the cluster, so from the plan and then from the inventory.
    expect(done.objects.find(isRelease)).toBeUndefined();
    expect(tracked(await h.inventory())).not.toContain("HelmRelease kubeflow/kubeflow");
  });

  it("plans an object added back while being deleted as re-created, never unchanged", async () => {
    const desired = await h.render(COMMIT_C);
    const live = h.fake.objects().filter((o) => o.metadata.labels?.["slipway.dev/environment"] === "staging");
    const plan = buildPlan({ desired, live: { baseline: "cluster", objects: live } });
    const change = plan.changes.find(isRelease);
    expect(change?.action).toBe("create");
    expect(change?.deleting).toEqual({ since: expect.stringMatching(/Z$/), finalizers: [FLUX] });
    expect(renderPlanText(plan)).toContain(
      "Create HelmRelease kubeflow/kubeflow (being deleted: re-created once it is gone — finalizers: finalizers.fluxcd.io)\n",
    );
  });

  it("re-creates an object added back while being deleted once it is gone, and says so", async () => {
    uninstalled = true;
    const report = await applyEnvironment(
      await h.render(COMMIT_C),
      h.settings({ prune: true, waitGone: waiting() }),
    );
    expect(report.outcome).toBe("applied");
    const outcome = report.objects.find(isRelease);
    expect(outcome).toMatchObject({ action: "create", result: "created" });
    expect(outcome?.message).toBe("re-created: it was being deleted (finalizers.fluxcd.io) and is gone now");
    const live = h.fake.object(RELEASE);
    expect(live?.metadata.deletionTimestamp).toBeUndefined();
    expect(tracked(await h.inventory())).toContain("HelmRelease kubeflow/kubeflow");
    // Nothing is left to vanish later: the controller has nothing more to clean up.
    expect(h.fake.object(RELEASE)).toBeDefined();
    expect(renderApplyText(report)).toContain(
      "Created HelmRelease kubeflow/kubeflow: re-created: it was being deleted (finalizers.fluxcd.io) and is gone now",
    );
  });

  it("fails the object, naming the finalizers, when its deletion does not finish in time; a later apply re-creates it", async () => {
    const report = await applyEnvironment(
      await h.render(COMMIT_C),
      h.settings({ prune: true, waitGone: waiting(30_000) }),
    );
    expect(report.outcome).toBe("failed");
    const outcome = report.objects.find(isRelease);
    expect(outcome).toMatchObject({ action: "create", result: "failed" });
    expect(outcome?.message).toBe(
      "HelmRelease kubeflow/kubeflow is still being deleted after 30 s (finalizers: finalizers.fluxcd.io); it is re-created by the next apply once it is gone",
    );
    expect(h.fake.object(RELEASE)?.metadata.deletionTimestamp).toBeDefined();
    expect(tracked(await h.inventory())).toContain("HelmRelease kubeflow/kubeflow");
    release();
    const later = await applyEnvironment(
      await h.render(COMMIT_C),
      h.settings({ prune: true, waitGone: waiting() }),
    );
    expect(later.outcome).toBe("applied");
    expect(later.objects.find(isRelease)?.result).toBe("created");
    expect(h.fake.object(RELEASE)?.metadata.deletionTimestamp).toBeUndefined();
  });

  it("without a way to wait, refuses to write over an object being deleted, and says why", async () => {
    const since = h.fake.requests.length;
    const report = await applyEnvironment(await h.render(COMMIT_C), h.settings({ prune: true }));
    const outcome = report.objects.find(isRelease);
    expect(outcome).toMatchObject({ action: "create", result: "failed" });
    expect(outcome?.message).toBe(
      "HelmRelease kubeflow/kubeflow is being deleted (finalizers: finalizers.fluxcd.io); it is re-created by the next apply once it is gone",
    );
    const writes = h.fake.requests
      .slice(since)
      .filter((r) => r.verb === "patch" && r.resource === "helmreleases" && r.name === "kubeflow");
    expect(writes.filter((r) => r.query.dryRun === undefined)).toEqual([]);
  });

  it("a rollback re-creates what the failed apply pruned, once its deletion has finished", async () => {
    uninstalled = true;
    // Back at A (kubeflow in place, Flux's finalizer on it), then B prunes kubeflow and breaks health.
    const restored = await applyEnvironment(
      await h.render(COMMIT_A),
      h.settings({ prune: true, waitGone: waiting() }),
    );
    expect(restored.outcome).toBe("applied");
    h.fake.editAs("helm-controller", RELEASE, (o) => {
      o.metadata.finalizers = [FLUX];
    });
    uninstalled = false;
    const version8 = (files: Record<string, string>) => {
      withoutKubeflow(files);
      files["models/fraud-detection.yaml"] = (files["models/fraud-detection.yaml"] ?? "").replace(
        "version: 7",
        "version: 8",
      );
    };
    const report = await applyEnvironment(
      await h.render(COMMIT_C, version8),
      h.settings({
        prune: true,
        waitGone: waiting(),
        // Version 8 does not load: health fails, and the helm-controller finishes its uninstall meanwhile.
        waitHealthy: async (objects) => {
          uninstalled = true;
          const broken = objects.some((o) => JSON.stringify(o.spec).includes("models:/fraud-detection/8"));
          return { healthy: !broken, objects: [] };
        },
        renderCommit: async (commit) => h.render(commit),
      }),
    );
    expect(report.outcome).toBe("rolled-back");
    expect(report.objects.find(isRelease)).toMatchObject({ action: "delete", result: "deleting" });
    const back = report.rollback?.objects.find(isRelease);
    expect(back).toMatchObject({ action: "create", result: "created" });
    expect(back?.message).toBe("re-created: it was being deleted (finalizers.fluxcd.io) and is gone now");
    expect(h.fake.object(RELEASE)?.metadata.deletionTimestamp).toBeUndefined();
    expect(tracked(await h.inventory())).toContain("HelmRelease kubeflow/kubeflow");
  });
});
