import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { reconcileEnvironment } from "../../src/workflows/reconcile/reconcile-pass.ts";
import { COMMIT_B } from "../deploy/deploy-harness.ts";
import { COMMIT_C, type ReconcileHarness, startReconcileHarness, writesSince } from "./reconcile-harness.ts";

type Isvc = KubeObject & {
  spec: { predictor: { minReplicas: number; model: { storageUri: string } } };
};

const minReplicas = (o: KubeObject) => (o as Isvc).spec.predictor.minReplicas;

// Issue 10: config drift (someone ran `kubectl edit`) is reported as a metric and one issue per
// environment, and healed only where the environment sets `selfHeal`.
describe("a reconcile pass", () => {
  let h: ReconcileHarness;
  beforeEach(async () => {
    h = await startReconcileHarness();
  });
  afterEach(() => h.close());

  const pass = () => reconcileEnvironment(h.reconcile, "staging", h.options);
  const kubectlEdit = (edit: (o: Isvc) => void) =>
    h.clusters.staging.fake.editAs("kubectl-edit", h.isvc(), (o) => edit(o as Isvc));

  it("reports a manual change in an issue and a metric, and leaves it when selfHeal is off", async () => {
    await h.deployStaging(COMMIT_B);
    kubectlEdit((o) => {
      o.spec.predictor.minReplicas = 7;
    });

    const first = await pass();
    expect(first.outcome).toBe("drifted");
    expect(first.issue?.action).toBe("created");
    const issue = h.issues.byKey("config-drift:staging");
    expect(issue?.state).toBe("open");
    expect(issue?.body).toContain(
      "| `InferenceService ml-serving/fraud-detection` | changed | `spec.predictor.minReplicas` | 7 | 2 |",
    );
    expect(issue?.body).toContain("Self-heal is off for `staging`");
    expect(minReplicas(h.isvc())).toBe(7);
    expect(await h.samples("slipway_objects_out_of_sync")).toEqual([
      { name: "slipway_objects_out_of_sync", labels: { environment: "staging" }, value: 1 },
    ]);

    // The same drift again: the one issue stays as it is, and nothing is written to the cluster.
    const before = h.clusters.staging.fake.requests.length;
    expect((await pass()).issue?.action).toBe("unchanged");
    expect(h.issues.issues).toHaveLength(1);
    expect(writesSince(h, before)).toEqual([]);
    expect(minReplicas(h.isvc())).toBe(7);
    const counts = (await h.samples("slipway_reconcile_duration_seconds_count")).filter(
      (s) => s.labels.outcome === "drifted",
    );
    expect(counts).toEqual([
      {
        name: "slipway_reconcile_duration_seconds_count",
        labels: { environment: "staging", outcome: "drifted" },
        value: 2,
      },
    ]);

    // Put back by hand: the pass finds it in sync and closes the issue with a note.
    kubectlEdit((o) => {
      o.spec.predictor.minReplicas = 2;
    });
    const back = await pass();
    expect(back.outcome).toBe("in-sync");
    expect(back.issue?.action).toBe("closed");
    expect(h.issues.byKey("config-drift:staging")?.comments).toEqual([
      "`staging` matches git again at `b2b2b2b`.",
    ]);
    expect((await h.samples("slipway_objects_out_of_sync"))[0]?.value).toBe(0);
  }, 60_000);

  it("heals with selfHeal: git's value back, the other manager's own field kept, the issue closed", async () => {
    await h.deployStaging(COMMIT_B);
    await h.deployStaging(COMMIT_C);
    const deployments = h.github.deployments.length;
    kubectlEdit((o) => {
      o.spec.predictor.minReplicas = 5;
      o.metadata.annotations = { ...o.metadata.annotations, "ops.example.com/paged": "yes" };
    });

    const result = await pass();
    expect(result.outcome).toBe("healed");
    expect(result.drift?.objects).toEqual([
      expect.objectContaining({
        kind: "changed",
        fields: [{ path: "spec.predictor.minReplicas", before: 5, after: 2 }],
      }),
    ]);
    const live = h.isvc();
    expect(minReplicas(live)).toBe(2);
    expect(live.metadata.annotations?.["ops.example.com/paged"]).toBe("yes");
    const issue = h.issues.byKey("config-drift:staging");
    expect(issue?.state).toBe("closed");
    expect(issue?.body).toContain("`spec.predictor.minReplicas` | 5 | 2 |");
    expect(issue?.comments).toEqual([
      "Healed: Slipway re-applied `c3c3c3c` (`selfHeal: true`); `staging` matches git again.",
    ]);
    // No Deployment, no registry move, and the state is as before.
    expect(h.github.deployments).toHaveLength(deployments);
    expect(await h.store.readState("staging")).toMatchObject({ appliedCommit: COMMIT_C, phase: "idle" });
    expect((await h.store.list("staging")).at(-1)).toMatchObject({
      intent: { kind: "reconcile", commit: COMMIT_C },
      status: "done",
    });
    expect((await h.samples("slipway_objects_out_of_sync"))[0]?.value).toBe(0);
    const healed = (await h.samples("slipway_reconcile_duration_seconds_count")).find(
      (s) => s.labels.outcome === "healed",
    );
    expect(healed?.value).toBe(1);
  }, 60_000);

  it("recreates a deleted object with selfHeal and reports it as missing", async () => {
    await h.deployStaging(COMMIT_B);
    await h.deployStaging(COMMIT_C);
    const rule = h.clusters.staging.fake.objects("PrometheusRule")[0] as KubeObject;
    await h.clusters.staging.cluster.delete(
      { apiVersion: rule.apiVersion, kind: rule.kind, namespace: "ml-serving", name: rule.metadata.name },
      { propagation: "Background", dryRun: false },
    );
    const result = await pass();
    expect(result.outcome).toBe("healed");
    expect(result.drift?.objects).toMatchObject([{ kind: "missing", ref: { kind: "PrometheusRule" } }]);
    expect(h.clusters.staging.fake.objects("PrometheusRule")).toHaveLength(1);
    expect(h.issues.issues[0]?.body).toContain("missing from the cluster");
  }, 60_000);

  it("finds no drift in a field only another manager set", async () => {
    await h.deployStaging(COMMIT_B);
    kubectlEdit((o) => {
      (o.spec.predictor as Record<string, unknown>).timeout = 30;
      o.metadata.labels = { ...o.metadata.labels, "cost-center": "risk-42" };
    });
    const before = h.clusters.staging.fake.requests.length;
    const result = await pass();
    expect(result.outcome).toBe("in-sync");
    expect(result.drift?.objects).toEqual([]);
    expect(result.issue?.action).toBe("none");
    expect(h.issues.issues).toEqual([]);
    expect(writesSince(h, before)).toEqual([]);
  }, 60_000);
});
