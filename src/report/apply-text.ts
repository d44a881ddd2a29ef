import { displayName } from "../render/kube-object.ts";
import type { ApplyReport, HealthOutcome, ObjectOutcome, ObjectResult } from "./apply-report.ts";

const VERBS: Record<ObjectResult, string> = {
  created: "Created",
  updated: "Updated",
  unchanged: "Unchanged",
  deleted: "Deleted",
  deleting: "Deleting",
  absent: "Already gone",
  failed: "Failed",
  skipped: "Skipped",
  kept: "Kept",
  refused: "Refused",
};

const HEADLINES: Record<ApplyReport["outcome"], string> = {
  applied: "applied",
  "no-op": "nothing to change",
  refused: "refused, nothing was written",
  failed: "FAILED",
  "rolled-back": "FAILED, rolled back",
  "rollback-failed": "FAILED, and the rollback failed",
};

/**
 * An apply, object by object, as plain text: one line per object that was touched or not carried out,
 * unchanged objects only counted, then health, the rollback, and a summary. No timestamps, no colours.
 */
export function renderApplyText(report: ApplyReport): string {
  const lines = [`Apply of ${report.commit} to ${report.environment}: ${HEADLINES[report.outcome]}`];
  if (report.reason) lines.push(report.reason);
  lines.push("");
  lines.push(...objectLines(report.objects, ""));
  if (report.objects.every((o) => o.result === "unchanged"))
    lines.push(`No changes to ${report.environment}`);
  if (report.health) lines.push("", ...healthLines(report.health, ""));
  const rb = report.rollback;
  if (rb) {
    lines.push("", `Rollback to ${rb.commit ?? "(no earlier healthy commit)"}: ${rb.outcome}`);
    if (rb.reason && rb.outcome !== "restored") lines.push(`  ${rb.reason}`);
    lines.push(...objectLines(rb.objects, "  "));
    if (rb.health) lines.push(...healthLines(rb.health, "  "));
  }
  if (report.untracked.length > 0) {
    lines.push("", `Labelled as ${report.environment}'s but not in the inventory (left alone):`);
    for (const ref of report.untracked) lines.push(`  ${displayName(ref)}`);
  }
  const inv = report.inventory;
  lines.push(
    "",
    `${summary(report.objects)}.`,
    `Inventory: ConfigMap ${inv.namespace}/${inv.name} (${inv.objects} objects).`,
    `Plan hash: ${report.planHash}`,
  );
  return `${lines.join("\n")}\n`;
}

function objectLines(objects: readonly ObjectOutcome[], indent: string): string[] {
  const out: string[] = [];
  for (const o of objects) {
    if (o.result === "unchanged" && !o.message) continue;
    const tries = o.attempts > 1 ? ` (${o.attempts} attempts)` : "";
    out.push(`${indent}${VERBS[o.result]} ${displayName(o.ref)}${tries}${o.message ? `: ${o.message}` : ""}`);
  }
  return out;
}

function healthLines(health: HealthOutcome, indent: string): string[] {
  const out = [`${indent}Health: ${health.healthy ? "healthy" : "NOT healthy"}`];
  for (const h of health.objects) {
    if (h.status === "healthy") continue;
    out.push(`${indent}  ${displayName(h.ref)}: ${h.status}${h.message ? `: ${h.message}` : ""}`);
  }
  return out;
}

function summary(objects: readonly ObjectOutcome[]): string {
  const count = (r: ObjectResult) => objects.filter((o) => o.result === r).length;
  const parts = [
    `${count("created")} created`,
    `${count("updated")} updated`,
    `${count("deleted") + count("absent")} deleted`,
    `${count("unchanged")} unchanged`,
  ];
  for (const r of ["deleting", "kept", "skipped", "refused", "failed"] as const)
    if (count(r) > 0) parts.push(`${count(r)} ${r}`);
  return parts.join(", ");
}
