import { groupOf, type ObjectRef, objectKey } from "../../render/kube-object.ts";
import type { RenderResult } from "../../render/render-result.ts";
import type { ApplyReport, HealthOutcome, ObjectOutcome } from "../../report/apply-report.ts";
import { sameInventory } from "../inventory/inventory.ts";
import { readInventory, type StoredInventory, writeInventory } from "../inventory/inventory-store.ts";
import type { ApplySettings } from "./apply-settings.ts";
import { executeChanges } from "./execute-changes.ts";
import { type DesiredSource, type LivePlan, planLive } from "./live-plan.ts";
import { checkPrune } from "./prune-guard.ts";
import { rollBack } from "./roll-back.ts";
import { failed, settled, writtenAhead } from "./write-ahead.ts";

/**
 * Applies one environment's rendered objects (issue #8, item 2): read the inventory, plan against the
 * live cluster with a server-side dry run, refuse before any write when the server or the prune guard
 * says no, write the inventory ahead (old ∪ new), apply stage by stage, prune, wait for health, then
 * settle the inventory — or roll back to the last good commit when health fails. Faults reading or
 * writing the cluster outside the per-object steps (a LIST, the inventory) reject with the fault; the
 * inventory then still covers everything that may have been written.
 */
export async function applyEnvironment(source: DesiredSource, settings: ApplySettings): Promise<ApplyReport> {
  const { port, inventoryAt: at } = settings;
  const environment = typeof source === "function" ? source([]).environment : source.environment;
  let stored = await readInventory(port, at, environment, settings.retry);
  const old = stored.inventory;
  const live = await planLive(port, source, old, settings);
  const { plan, rendered: desired } = live;
  const deletes = plan.changes.filter((c) => c.action === "delete");
  const guard = checkPrune({
    prune: settings.prune,
    candidates: deletes.length,
    inventorySize: old.entries.length,
    maxShare: settings.maxPruneShare,
    allowMassPrune: settings.allowMassPrune,
  });
  const report = (outcome: ApplyReport["outcome"], reason: string | null, objects: ObjectOutcome[]) =>
    baseReport(desired, live, guard.summary, settings, stored, outcome, reason, objects);

  if (live.refusals.length > 0) {
    const why = `the API server refused ${live.refusals.length} object(s) in a dry run; nothing was written`;
    return report("refused", why, notAttempted(live, why));
  }
  if (guard.refusal !== null) return report("refused", guard.refusal, notAttempted(live, guard.refusal));

  // What no served version reaches is said and kept, never silently dropped from the inventory.
  const unreachable = live.unreachable.map(keptUnreachable);
  const execute = async (prune: boolean) => [
    ...(await executeChanges({
      port,
      environment: desired.environment,
      changes: plan.changes,
      desired: live.desired,
      owned: new Set(live.live.keys()),
      serverNoop: live.serverNoop,
      prune: new Set(prune ? deletes.map((c) => objectKey(c.ref)) : []),
      keptBecause: "not deleted: prune was not requested (--prune); kept in the inventory",
      concurrency: settings.concurrency,
      retry: settings.retry,
      waitGone: settings.waitGone,
    })),
    ...unreachable,
  ];
  const writes = plan.changes.filter(
    (c) => (c.action === "create" || c.action === "update") && !live.serverNoop.has(objectKey(c.ref)),
  );
  if (writes.length === 0 && (!settings.prune || deletes.length === 0)) {
    // Nothing to write to objects; the inventory is rewritten only when its record is out of date.
    const outcomes = await execute(false);
    const next = settled(old, plan, outcomes);
    if (!sameInventory(old, next)) stored = await writeInventory(port, at, stored, next, settings.retry);
    return report("no-op", null, outcomes);
  }

  const ahead = writtenAhead(old, plan);
  stored = await writeInventory(port, at, stored, ahead, settings.retry);
  const outcomes = await execute(settings.prune);
  const applyFailures = outcomes.filter((o) => o.result === "failed" && o.action !== "delete").length;
  if (applyFailures > 0) {
    stored = await writeInventory(port, at, stored, failed(ahead, plan.commit, outcomes), settings.retry);
    const why = `${applyFailures} object(s) failed to apply; later stages were not attempted and nothing was pruned`;
    return report("failed", why, outcomes);
  }

  const changed = outcomes.filter((o) => o.result === "created" || o.result === "updated");
  let health: HealthOutcome | null = null;
  if (settings.waitHealthy !== null && changed.length > 0)
    health = await settings.waitHealthy(
      changed.map((o) => live.desired.get(objectKey(o.ref))).filter((o) => !!o),
    );
  if (health !== null && !health.healthy) {
    const back = await rollBack({ settings, stored, ahead, failedPlan: plan, outcomes });
    stored = back.stored;
    const done = { ...report(back.outcome, back.reason, outcomes), health, rollback: back.summary };
    return done;
  }
  stored = await writeInventory(port, at, stored, settled(ahead, plan, outcomes), settings.retry);
  const deleteFailures = outcomes.filter((o) => o.action === "delete" && o.result === "failed").length;
  const result = deleteFailures
    ? report(
        "failed",
        `${deleteFailures} delete(s) failed; they stay in the inventory and the next apply retries them`,
        outcomes,
      )
    : report("applied", null, outcomes);
  return { ...result, health };
}

function keptUnreachable(ref: ObjectRef): ObjectOutcome {
  return {
    ref,
    action: "delete",
    result: "kept",
    attempts: 0,
    message: `the cluster serves no version of ${ref.kind} (${groupOf(ref.apiVersion) || "core"}), so it can be neither read nor pruned; kept in the inventory until it is served again or removed from the inventory by hand`,
  };
}

/** Every change reported as not attempted, the refused ones with the server's reason. */
function notAttempted(live: LivePlan, why: string): ObjectOutcome[] {
  const refused = new Map(live.refusals.map((r) => [objectKey(r.ref), r]));
  return live.plan.changes.map((c) => {
    const r = refused.get(objectKey(c.ref));
    if (r) return r;
    const result = c.action === "unchanged" ? "unchanged" : c.action === "delete" ? "kept" : "skipped";
    return {
      ref: c.ref,
      action: c.action,
      result,
      attempts: 0,
      ...(result === "unchanged" ? {} : { message: why }),
    };
  });
}

function baseReport(
  desired: RenderResult,
  live: LivePlan,
  prune: ApplyReport["prune"],
  settings: ApplySettings,
  stored: StoredInventory,
  outcome: ApplyReport["outcome"],
  reason: string | null,
  objects: ObjectOutcome[],
): ApplyReport {
  return {
    version: 1,
    environment: desired.environment,
    commit: desired.commit,
    planHash: live.plan.hash,
    outcome,
    reason,
    objects,
    prune,
    health: null,
    rollback: null,
    untracked: live.untracked,
    inventory: { ...settings.inventoryAt, objects: stored.inventory.entries.length },
  };
}
