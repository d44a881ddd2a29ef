import type { PruneSummary } from "../../report/apply-report.ts";

export const DEFAULT_MAX_PRUNE_SHARE = 0.5;

export interface PruneRequest {
  prune: boolean;
  /** Deletes the plan proposes: inventory objects the commit no longer renders. */
  candidates: number;
  inventorySize: number;
  maxShare: number;
  allowMassPrune: boolean;
}

/**
 * Whether a prune may go ahead. Deleting more than `maxShare` of an environment's inventory at once is
 * far more often a mistake (a wrong branch, a binding pointing at another namespace, a half-deleted
 * folder) than an intent, so it needs `allowMassPrune`. Exactly `maxShare` is allowed.
 */
export function checkPrune(request: PruneRequest): { summary: PruneSummary; refusal: string | null } {
  const { prune, candidates, inventorySize, maxShare, allowMassPrune } = request;
  const share = inventorySize === 0 ? 0 : candidates / inventorySize;
  const refused = prune && candidates > 0 && share > maxShare && !allowMassPrune;
  const summary: PruneSummary = {
    requested: prune,
    candidates,
    inventorySize,
    maxShare,
    allowMassPrune,
    refused,
  };
  if (!refused) return { summary, refusal: null };
  const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return {
    summary,
    refusal:
      `the prune would delete ${candidates} of the ${inventorySize} objects in the inventory (${percent(share)}), ` +
      `more than the ${percent(maxShare)} allowed; nothing was changed. Check the environment and the commit, ` +
      "then pass --allow-mass-prune if this is intended",
  };
}
