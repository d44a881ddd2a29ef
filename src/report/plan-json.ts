import type { Plan } from "../plan/plan.ts";
import { canonical } from "../render/canonical.ts";

/** The plan as JSON with sorted keys: the machine-readable form, and the exact content the hash covers. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(canonical(plan), null, 2)}\n`;
}
