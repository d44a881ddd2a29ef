import { buildPlan } from "../../src/plan/build-plan.ts";
import type { Plan } from "../../src/plan/plan.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import type { RenderResult } from "../../src/render/render-result.ts";
import { renderTemplate } from "../render/render-fixtures.ts";

export { renderTemplate };

/** The template rendered with the model at another registry version: yesterday's inventory. */
export async function inventoryAtVersion(version: number): Promise<KubeObject[]> {
  const result = await renderTemplate((files) => {
    files["models/fraud-detection.yaml"] = (files["models/fraud-detection.yaml"] ?? "").replace(
      "version: 7",
      `version: ${version}`,
    );
  });
  return result.objects;
}

export function planAgainstInventory(desired: RenderResult, inventory: readonly KubeObject[]): Plan {
  return buildPlan({ desired, live: { baseline: "inventory", objects: inventory } });
}

export function actions(plan: Plan): string[] {
  return plan.changes.map((c) => `${c.action} ${c.ref.kind} ${c.ref.namespace ?? ""}/${c.ref.name}`);
}
