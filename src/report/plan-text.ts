import type { Plan } from "../plan/plan.ts";
import { baselineText, changeLine, formatValue, summaryLine } from "./plan-values.ts";

/**
 * The plan as plain text, laid out like `feast plan`: one line per changed object, updates followed by
 * tab-indented `path: old -> new` lines, unchanged objects only counted. No colours, no timestamps.
 */
export function renderPlanText(plan: Plan): string {
  const lines = [`Plan for ${plan.environment} (${baselineText(plan)})`, ""];
  const changed = plan.changes.filter((c) => c.action !== "unchanged");
  if (changed.length === 0) lines.push(`No changes to ${plan.environment}`);
  for (const change of changed) {
    lines.push(changeLine(change));
    if (change.action !== "update") continue;
    for (const d of change.diff)
      lines.push(`\t${d.path}: ${formatValue(d.before)} -> ${formatValue(d.after)}`);
  }
  if (plan.skipped.length > 0) {
    lines.push("", "Not rendered:");
    for (const s of plan.skipped) lines.push(`  ${s.kind} ${s.name} (${s.path}): ${s.reason}`);
  }
  lines.push("", `${summaryLine(plan)}.`, `Plan hash: ${plan.hash}`);
  return `${lines.join("\n")}\n`;
}
