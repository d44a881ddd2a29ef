import type { DesiredSource } from "../cluster/apply/live-plan.ts";
import { planLive } from "../cluster/apply/live-plan.ts";
import { checkPrune } from "../cluster/apply/prune-guard.ts";
import { DEFAULT_RETRY } from "../cluster/apply/retry.ts";
import { readInventory } from "../cluster/inventory/inventory-store.ts";
import { canonical } from "../render/canonical.ts";
import { renderServerVerdictText, serverVerdict } from "../report/apply-dry-run.ts";
import { renderPlanText } from "../report/plan-text.ts";
import { forStdout } from "./colour.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK } from "./io.ts";
import type { LiveTarget } from "./live-target.ts";

export interface DryRunOptions {
  prune: boolean;
  allowMassPrune: boolean;
  maxPruneShare: number;
  concurrency: number;
  format: "text" | "json";
}

/**
 * `slipway apply --dry-run`: the plan against the live cluster and the API server's verdict on each
 * change, rendered instead of applied (DESIGN.md §3: a dry run is a Plan value, not a flag threaded
 * through the applier). Reads only; exit 1 when the apply would be refused.
 */
export async function dryRunApply(
  target: LiveTarget,
  source: DesiredSource,
  options: DryRunOptions,
  io: CliIo,
): Promise<number> {
  const environment = typeof source === "function" ? source([]).environment : source.environment;
  const { inventory } = await readInventory(target.port, target.inventoryAt, environment, DEFAULT_RETRY);
  const live = await planLive(target.port, source, inventory, {
    concurrency: options.concurrency,
    retry: DEFAULT_RETRY,
  });
  const guard = checkPrune({
    prune: options.prune,
    candidates: live.plan.summary.delete,
    inventorySize: inventory.entries.length,
    maxShare: options.maxPruneShare,
    allowMassPrune: options.allowMassPrune,
  });
  const verdict = serverVerdict(live.plan.changes, {
    refusals: live.refusals,
    unserved: live.unserved,
    untracked: live.untracked,
    prune: guard.summary,
    pruneRefusal: guard.refusal,
  });
  if (options.format === "json")
    io.stdout(`${JSON.stringify(canonical({ plan: live.plan, cluster: verdict }), null, 2)}\n`);
  else io.stdout(forStdout(`${renderPlanText(live.plan)}\n${renderServerVerdictText(verdict)}`, io));
  return live.refusals.length > 0 || guard.refusal !== null ? EXIT_FINDINGS : EXIT_OK;
}
