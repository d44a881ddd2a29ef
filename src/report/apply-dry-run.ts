import type { PlannedChange } from "../plan/plan.ts";
import { canonical } from "../render/canonical.ts";
import { displayName, type ObjectRef } from "../render/kube-object.ts";
import type { ObjectOutcome, PruneSummary } from "./apply-report.ts";

/** What the cluster said about a live plan: the server-side dry run, the prune guard, stray objects. */
export interface ServerVerdict {
  /** Creates and updates the API server's dry run would write (refused ones excluded). */
  accepted: number;
  refusals: ObjectOutcome[];
  /** Kinds the cluster does not serve (`apiVersion Kind`). */
  unserved: string[];
  untracked: ObjectRef[];
  /** Absent for `slipway plan`, which prunes nothing. */
  prune?: PruneSummary;
  pruneRefusal?: string | null;
}

export function serverVerdict(
  changes: readonly PlannedChange[],
  found: Omit<ServerVerdict, "accepted">,
): ServerVerdict {
  const writes = changes.filter((c) => c.action === "create" || c.action === "update").length;
  return { accepted: writes - found.refusals.length, ...found };
}

/** Appended to the plan's text: the server-side dry run and, for apply, the prune guard. */
export function renderServerVerdictText(v: ServerVerdict): string {
  const lines = [
    `Server-side dry run: ${v.accepted} accepted, ${v.refusals.length} refused.`,
    ...v.refusals.map((r) => `  Refused ${displayName(r.ref)}: ${r.message ?? "no reason given"}`),
  ];
  if (v.unserved.length > 0) lines.push(`Not served by the cluster: ${v.unserved.join(", ")}.`);
  if (v.prune?.requested) {
    const p = v.prune;
    lines.push(
      v.pruneRefusal
        ? `Prune: refused: ${v.pruneRefusal}`
        : `Prune: ${p.candidates} of ${p.inventorySize} inventory objects would be deleted.`,
    );
  } else if (v.prune && v.prune.candidates > 0)
    lines.push(`Prune: not requested; ${v.prune.candidates} object(s) would be kept (pass --prune).`);
  if (v.untracked.length > 0) {
    lines.push("Labelled as this environment's but not in the inventory (left alone):");
    for (const ref of v.untracked) lines.push(`  ${displayName(ref)}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderServerVerdictJson(v: ServerVerdict): unknown {
  return canonical(v);
}
