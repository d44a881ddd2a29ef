import type { Plan } from "../../plan/plan.ts";
import { objectKey } from "../../render/kube-object.ts";
import type {
  ApplyOutcome,
  HealthOutcome,
  ObjectOutcome,
  RollbackSummary,
} from "../../report/apply-report.ts";
import { isClusterFault } from "../cluster-port.ts";
import type { Inventory } from "../inventory/inventory.ts";
import { type StoredInventory, writeInventory } from "../inventory/inventory-store.ts";
import type { ApplySettings } from "./apply-settings.ts";
import { executeChanges } from "./execute-changes.ts";
import { type DesiredSource, planLive } from "./live-plan.ts";
import { failed, rolledBack, writtenAhead } from "./write-ahead.ts";

export interface RollbackInput {
  settings: ApplySettings;
  stored: StoredInventory;
  /** The inventory written ahead of the failed apply. */
  ahead: Inventory;
  failedPlan: Plan;
  outcomes: readonly ObjectOutcome[];
}

export interface RollbackResult {
  stored: StoredInventory;
  outcome: ApplyOutcome;
  reason: string;
  summary: RollbackSummary;
}

/**
 * After failed health: the environment is first recorded as holding the failed commit (so a crash
 * here never lets it be re-applied automatically), then the last good commit is re-rendered and
 * applied like any commit — dry run, write-ahead, stages, health. Only objects the failed apply
 * created are removed; objects it merely kept are left for an explicit prune.
 */
export async function rollBack(input: RollbackInput): Promise<RollbackResult> {
  const { settings, failedPlan, outcomes } = input;
  const { port, inventoryAt: at, retry } = settings;
  const bad = failedPlan.commit;
  const held = failed(input.ahead, bad, outcomes);
  let stored = await writeInventory(port, at, input.stored, held, retry);
  const good = held.lastGoodCommit;
  const stop = (outcome: ApplyOutcome, reason: string, summary: Partial<RollbackSummary> = {}) => ({
    stored,
    outcome,
    reason,
    summary: { commit: good, outcome: "failed" as const, reason, objects: [], health: null, ...summary },
  });
  if (good === null || settings.renderCommit === null) {
    const why = good === null ? "there is no earlier healthy commit" : "no way to render it was configured";
    return stop("failed", `health failed and no rollback was possible: ${why}`, { outcome: "unavailable" });
  }
  let rendered: DesiredSource;
  try {
    rendered = await settings.renderCommit(good);
  } catch (error) {
    const why = `health failed and commit ${good} could not be rendered: ${(error as Error).message}`;
    return stop("failed", why, { outcome: "unavailable" });
  }
  try {
    const live = await planLive(port, rendered, held, settings);
    if (live.refusals.length > 0)
      return stop(
        "rollback-failed",
        `health failed; the API server refused ${live.refusals.length} object(s) of ${good}`,
        {
          objects: live.refusals,
        },
      );
    const created = new Set(outcomes.filter((o) => o.result === "created").map((o) => objectKey(o.ref)));
    const removable = live.plan.changes
      .filter((c) => c.action === "delete" && created.has(objectKey(c.ref)))
      .map((c) => objectKey(c.ref));
    const ahead = writtenAhead(held, live.plan);
    stored = await writeInventory(port, at, stored, ahead, retry);
    const objects = await executeChanges({
      port,
      environment: live.rendered.environment,
      changes: live.plan.changes,
      desired: live.desired,
      owned: new Set(live.live.keys()),
      serverNoop: live.serverNoop,
      prune: new Set(removable),
      keptBecause: "not deleted by the rollback: only objects the failed apply created are",
      concurrency: settings.concurrency,
      retry,
      waitGone: settings.waitGone,
    });
    const broken = objects.filter((o) => o.result === "failed" && o.action !== "delete").length;
    let health: HealthOutcome | null = null;
    const changed = objects.filter((o) => o.result === "created" || o.result === "updated");
    if (broken === 0 && settings.waitHealthy !== null && changed.length > 0)
      health = await settings.waitHealthy(
        changed.map((o) => live.desired.get(objectKey(o.ref))).filter((o) => !!o),
      );
    if (broken > 0 || (health !== null && !health.healthy)) {
      stored = await writeInventory(port, at, stored, failed(ahead, bad, objects), retry);
      const why =
        broken > 0 ? `${broken} object(s) of ${good} failed to apply` : `${good} is not healthy either`;
      return stop("rollback-failed", `health failed and the rollback failed: ${why}`, { objects, health });
    }
    stored = await writeInventory(port, at, stored, rolledBack(ahead, live.plan, bad, objects), retry);
    const reason = `health failed; rolled back to ${good}, and ${bad} is held until a new commit or an explicit apply`;
    return {
      stored,
      outcome: "rolled-back",
      reason,
      summary: { commit: good, outcome: "restored", reason: null, objects, health },
    };
  } catch (error) {
    if (!isClusterFault(error)) throw error;
    return stop("rollback-failed", `health failed and the rollback stopped: ${error.message}`);
  }
}
