import { describe, expect, it } from "vitest";
import { actions, inventoryAtVersion, planAgainstInventory, renderTemplate } from "./plan-fixtures.ts";

describe("a plan that updates", () => {
  it("shows the field-level change of a new model version", async () => {
    const plan = planAgainstInventory(await renderTemplate(), await inventoryAtVersion(6));
    expect(plan.summary).toMatchObject({ create: 0, update: 1, delete: 0 });
    const update = plan.changes.find((c) => c.action === "update");
    expect(update?.ref).toEqual({
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      namespace: "ml-serving",
      name: "fraud-detection",
    });
    expect(update?.diff).toEqual([
      {
        path: 'metadata.annotations["slipway.dev/model-version"]',
        before: "fraud-detection/6",
        after: "fraud-detection/7",
      },
      {
        path: "spec.predictor.model.storageUri",
        before: "models:/fraud-detection/6",
        after: "models:/fraud-detection/7",
      },
    ]);
  });

  it("matches list entries by name, as server-side apply does", async () => {
    const desired = await renderTemplate((files) => {
      files["monitors/fraud-detection-drift.yaml"] = (
        files["monitors/fraud-detection-drift.yaml"] ?? ""
      ).replace('schedule: "0 6 * * 1"', 'schedule: "0 7 * * 1"');
    });
    const plan = planAgainstInventory(desired, (await renderTemplate()).objects);
    const cron = plan.changes.find(
      (c) => c.ref.kind === "CronJob" && c.ref.name.startsWith("slipway-monitor"),
    );
    expect(cron?.diff).toContainEqual({ path: "spec.schedule", before: "0 6 * * 1", after: "0 7 * * 1" });
    const configMap = plan.changes.find(
      (c) => c.ref.kind === "ConfigMap" && c.ref.name.startsWith("slipway-monitor"),
    );
    expect(configMap?.action).toBe("update");
  });

  it("with the served version in the inventory, a Standard-mode canary keeps it beside the new one", async () => {
    const { servedVersionsFrom } = await import("../../src/plan/served-versions.ts");
    const inventory = await inventoryAtVersion(6);
    const desired = await renderTemplate(() => {}, { servedVersions: servedVersionsFrom(inventory) });
    const plan = planAgainstInventory(desired, inventory);
    const update = plan.changes.find((c) => c.ref.kind === "InferenceService");
    expect(update?.diff.map((d) => d.path)).toContain("spec.canary");
    expect(actions(plan).filter((a) => !a.startsWith("unchanged"))).toEqual([
      "update InferenceService ml-serving/fraud-detection",
    ]);
  });
});
