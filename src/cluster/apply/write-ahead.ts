import type { Plan } from "../../plan/plan.ts";
import { objectKey } from "../../render/kube-object.ts";
import type { ObjectOutcome } from "../../report/apply-report.ts";
import { type Inventory, type InventoryEntry, unionEntries } from "../inventory/inventory.ts";

/**
 * The inventory's transitions around an apply (DESIGN.md §4): written ahead as old ∪ new before the
 * first write, so whatever a crash leaves behind is tracked; settled to what the commit renders (plus
 * deletes not carried out) after success. Pure: the caller reads and writes the ConfigMap.
 */

/** The objects a plan applies, with the digests they are applied with. */
export function plannedEntries(plan: Plan): InventoryEntry[] {
  return plan.changes.filter((c) => c.action !== "delete").map((c) => ({ ref: c.ref, digest: c.digest }));
}

export function writtenAhead(old: Inventory, plan: Plan): Inventory {
  return {
    ...old,
    phase: "applying",
    commit: plan.commit,
    entries: unionEntries(old.entries, plannedEntries(plan)),
  };
}

/** Deletes that did not happen (kept, skipped, failed) stay tracked; deleted and absent ones leave. */
function gone(outcomes: readonly ObjectOutcome[]): Set<string> {
  return new Set(
    outcomes
      .filter((o) => o.action === "delete" && (o.result === "deleted" || o.result === "absent"))
      .map((o) => objectKey(o.ref)),
  );
}

function remaining(outcomes: readonly ObjectOutcome[]): InventoryEntry[] {
  return outcomes
    .filter((o) => o.action === "delete" && o.result !== "deleted" && o.result !== "absent")
    .map((o) => ({ ref: o.ref, digest: null }));
}

/** After a successful, healthy apply: what the commit renders, and the deletes still to do. */
export function settled(ahead: Inventory, plan: Plan, outcomes: readonly ObjectOutcome[]): Inventory {
  return {
    ...ahead,
    phase: "applied",
    commit: plan.commit,
    lastGoodCommit: plan.commit,
    failedCommit: null,
    entries: unionEntries(plannedEntries(plan), remaining(outcomes)),
  };
}

/** After a failed apply or health check: everything that may exist stays tracked; the commit is held. */
export function failed(ahead: Inventory, commit: string, outcomes: readonly ObjectOutcome[]): Inventory {
  const deleted = gone(outcomes);
  return {
    ...ahead,
    phase: "failed",
    failedCommit: commit,
    entries: ahead.entries.filter((e) => !deleted.has(objectKey(e.ref))),
  };
}

/** After the last good commit was re-applied: its objects, and whatever the failed commit left that was not removed. */
export function rolledBack(
  current: Inventory,
  good: Plan,
  failedCommit: string,
  outcomes: readonly ObjectOutcome[],
): Inventory {
  const deleted = gone(outcomes);
  return {
    ...current,
    phase: "rolled-back",
    commit: good.commit,
    failedCommit,
    entries: unionEntries(
      current.entries.filter((e) => !deleted.has(objectKey(e.ref))),
      plannedEntries(good),
    ),
  };
}
