import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.ts";
import { renderTemplate } from "./plan-fixtures.ts";

describe("a plan without inventory", () => {
  it("creates every desired object, each with its whole content as the diff", async () => {
    const desired = await renderTemplate();
    const plan = buildPlan({ desired });
    expect(plan.baseline).toBe("nothing");
    expect(plan.summary).toEqual({ create: desired.objects.length, update: 0, delete: 0, unchanged: 0 });
    const isvc = plan.changes.find((c) => c.ref.kind === "InferenceService");
    expect(isvc?.action).toBe("create");
    expect(isvc?.diff.map((d) => d.path)).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect(isvc?.diff.every((d) => d.before === undefined)).toBe(true);
    expect(isvc?.source).toBe("models/fraud-detection.yaml");
    expect(isvc?.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("orders creates by apply stage: config, feature store, models, monitors, platform", async () => {
    const plan = buildPlan({ desired: await renderTemplate() });
    const tiers = plan.changes.map((c) => c.tier);
    const firstOf = (t: string) => tiers.indexOf(t as never);
    expect(firstOf("config")).toBe(0);
    expect(firstOf("config")).toBeLessThan(firstOf("feature-store"));
    expect(firstOf("feature-store")).toBeLessThan(firstOf("models"));
    expect(firstOf("models")).toBeLessThan(firstOf("monitors"));
    expect(firstOf("monitors")).toBeLessThan(firstOf("platform"));
    expect(tiers.lastIndexOf("config")).toBeLessThan(firstOf("feature-store"));
  });
});
