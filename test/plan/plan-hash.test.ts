import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.ts";
import { inventoryAtVersion, planAgainstInventory, renderTemplate } from "./plan-fixtures.ts";

describe("the plan hash", () => {
  it("is stable: the same plan content gives the same hash, whatever the commit or object order", async () => {
    const inventory = await inventoryAtVersion(6);
    const a = planAgainstInventory(await renderTemplate(), inventory);
    const b = planAgainstInventory(
      await renderTemplate(() => {}, { commit: "0123456789abcdef0123456789abcdef01234567" }),
      [...inventory].reverse(),
    );
    expect(a.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
  });

  it("changes when what would be applied changes", async () => {
    const inventory = await inventoryAtVersion(6);
    const seven = planAgainstInventory(await renderTemplate(), inventory);
    const nine = planAgainstInventory(
      await renderTemplate((files) => {
        files["models/fraud-detection.yaml"] = (files["models/fraud-detection.yaml"] ?? "").replace(
          "version: 7",
          "version: 9",
        );
      }),
      inventory,
    );
    expect(nine.hash).not.toBe(seven.hash);
    const offline = buildPlan({ desired: await renderTemplate() });
    expect(offline.hash).not.toBe(seven.hash);
  });

  it("covers everything in the serialised plan but the commit and itself", async () => {
    const plan = planAgainstInventory(await renderTemplate(), await inventoryAtVersion(6));
    const roundTrip = JSON.parse(JSON.stringify(plan));
    expect(roundTrip).toEqual(plan);
    const tampered = structuredClone(plan);
    const first = tampered.changes[0];
    if (first) first.action = "delete";
    const { createHash } = await import("node:crypto");
    const { canonicalJson } = await import("../../src/render/canonical.ts");
    const hashOf = (p: typeof plan) =>
      `sha256:${createHash("sha256")
        .update(
          canonicalJson({
            version: p.version,
            environment: p.environment,
            baseline: p.baseline,
            changes: p.changes,
            skipped: p.skipped,
          }),
        )
        .digest("hex")}`;
    expect(hashOf(plan)).toBe(plan.hash);
    expect(hashOf(tampered)).not.toBe(plan.hash);
  });
});
