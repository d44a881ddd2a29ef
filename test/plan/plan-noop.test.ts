import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { planAgainstInventory, renderTemplate } from "./plan-fixtures.ts";

describe("a plan with nothing to do", () => {
  it("marks every object unchanged against an inventory of the same render", async () => {
    const desired = await renderTemplate();
    const plan = planAgainstInventory(desired, desired.objects);
    expect(plan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: desired.objects.length });
    expect(plan.changes.every((c) => c.diff.length === 0)).toBe(true);
  });

  it("ignores the source commit: a new commit that changes nothing is not an update", async () => {
    const before = await renderTemplate(() => {}, { commit: "1111111111111111111111111111111111111111" });
    const after = await renderTemplate(() => {}, { commit: "2222222222222222222222222222222222222222" });
    expect(planAgainstInventory(after, before.objects).summary.update).toBe(0);
  });

  it("ignores server-managed fields and server defaults of live objects", async () => {
    const desired = await renderTemplate();
    const live = desired.objects.map((o) => {
      const copy = structuredClone(o) as KubeObject & { spec?: Record<string, unknown> };
      copy.metadata.resourceVersion = "48213";
      copy.metadata.uid = "0b1c6d2e-8f3a-4c55-9d1e-2f4a6b8c0d1e";
      copy.metadata.managedFields = [{ manager: "slipway", operation: "Apply" }];
      copy.metadata.annotations = {
        ...copy.metadata.annotations,
        "kubectl.kubernetes.io/last-applied-configuration": "{}",
      };
      copy.status = { conditions: [{ type: "Ready", status: "True" }] };
      // A server default: a field the API server fills in and Slipway never declares.
      if (copy.spec) copy.spec = { ...copy.spec, defaultedByServer: true };
      return copy;
    });
    const plan = buildPlan({ desired, live: { baseline: "cluster", objects: live } });
    expect(plan.summary.unchanged).toBe(desired.objects.length);
  });
});
