import type { Plan, PlannedChange } from "../plan/plan.ts";
import { displayName } from "../render/kube-object.ts";

export const ABSENT = "(none)";

/** One value on one line: strings as they are when plain, anything else as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return ABSENT;
  if (typeof value === "string" && /^[^\s"'`\\][^\n]*$/.test(value) && !/\s$/.test(value)) return value;
  return JSON.stringify(value);
}

const VERBS: Record<PlannedChange["action"], string> = {
  create: "Create",
  update: "Update",
  delete: "Delete",
  unchanged: "Unchanged",
};

/** `Create InferenceService ml-serving/fraud-detection`, the one line per object `feast plan` prints. */
export function changeLine(change: PlannedChange): string {
  return `${VERBS[change.action]} ${displayName(change.ref)}${deletingNote(change)}`;
}

/** An object its finalizers hold in deletion: what the plan does about it (no timestamp: output stays stable). */
function deletingNote(change: PlannedChange): string {
  const d = change.deleting;
  if (!d) return "";
  const held = d.finalizers.length > 0 ? ` — finalizers: ${d.finalizers.join(", ")}` : "";
  return change.action === "delete"
    ? ` (already being deleted${held})`
    : ` (being deleted: re-created once it is gone${held})`;
}

export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  return `${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged`;
}

const BASELINES: Record<Plan["baseline"], string> = {
  cluster: "compared with the cluster",
  inventory: "offline, compared with the last inventory",
  nothing: "offline, no inventory: every object is new",
};

export function baselineText(plan: Plan): string {
  return BASELINES[plan.baseline];
}
