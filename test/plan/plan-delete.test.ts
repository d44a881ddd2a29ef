import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { actions, planAgainstInventory, renderTemplate } from "./plan-fixtures.ts";

const withoutMonitor = (files: Record<string, string>) => {
  delete files["monitors/fraud-detection-drift.yaml"];
  files["models/fraud-detection.yaml"] = (files["models/fraud-detection.yaml"] ?? "").replace(
    "  monitors: [fraud-detection-drift]\n",
    "",
  );
  files["pipelines/fraud-detection-retrain.yaml"] = (
    files["pipelines/fraud-detection-retrain.yaml"] ?? ""
  ).replace("    - on: drift\n      monitor: fraud-detection-drift\n", "");
};

describe("a plan that deletes", () => {
  it("deletes what the inventory holds and the repo no longer declares, after every apply, in reverse stage order", async () => {
    const plan = planAgainstInventory(await renderTemplate(withoutMonitor), (await renderTemplate()).objects);
    const deletes = actions(plan).filter((a) => a.startsWith("delete"));
    expect(deletes).toEqual([
      "delete CronJob ml-serving/slipway-monitor-fraud-detection-drift",
      "delete PrometheusRule ml-serving/slipway-monitor-fraud-detection-drift",
      "delete ConfigMap ml-serving/slipway-monitor-fraud-detection-drift",
      "delete ConfigMap ml-serving/slipway-monitor-fraud-detection-drift-dashboard",
      "delete ServiceAccount ml-serving/slipway-monitor-fraud-detection-drift",
    ]);
    expect(actions(plan).slice(-5)).toEqual(deletes);
    const rule = plan.changes.find((c) => c.ref.kind === "PrometheusRule");
    expect(rule?.digest).toBeNull();
    expect(rule?.diff.every((d) => d.after === undefined)).toBe(true);
  });

  it("replaces a content-hashed feature-store Job: the new one created, the old one deleted", async () => {
    const desired = await renderTemplate((files) => {
      files["features/merchant-stats.yaml"] = (files["features/merchant-stats.yaml"] ?? "").replace(
        "ttl: 90d",
        "ttl: 60d",
      );
    });
    const plan = planAgainstInventory(desired, (await renderTemplate()).objects);
    const jobs = actions(plan).filter((a) => a.includes(" Job "));
    expect(jobs).toHaveLength(2);
    expect(jobs[0]).toMatch(/^create Job feast\/slipway-feast-apply-/);
    expect(jobs[1]).toMatch(/^delete Job feast\/slipway-feast-apply-/);
  });

  it("against a cluster, deletes only Slipway's own objects of this environment", async () => {
    const desired = await renderTemplate(withoutMonitor);
    const foreign: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kube-root-ca.crt", namespace: "ml-serving" },
    };
    const otherEnv = structuredClone(
      (await renderTemplate()).objects.find((o) => o.kind === "PrometheusRule"),
    ) as KubeObject;
    otherEnv.metadata.labels = { ...otherEnv.metadata.labels, "slipway.dev/environment": "production" };
    const plan = buildPlan({ desired, live: { baseline: "cluster", objects: [foreign, otherEnv] } });
    expect(plan.summary.delete).toBe(0);
  });
});
