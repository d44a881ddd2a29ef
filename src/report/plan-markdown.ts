import { stringify } from "yaml";
import type { Plan, PlannedChange } from "../plan/plan.ts";
import { displayName } from "../render/kube-object.ts";
import { baselineText, changeLine, formatValue, summaryLine } from "./plan-values.ts";

export interface PlanMarkdownOptions {
  /** Heading level of the section title (the PR comment nests it under its own heading). */
  headingLevel?: number;
  /** Most characters of folded diffs; past it the rest are listed without diff (GitHub caps a comment at 65,536). */
  maxDiffChars?: number;
}

/**
 * One environment's plan as a Markdown section, ready to drop into the sticky PR comment: a summary,
 * one line per changed object, each with its diff folded in `<details>`. Deterministic: no timestamps.
 */
export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const level = "#".repeat(options.headingLevel ?? 3);
  let budget = options.maxDiffChars ?? 40_000;
  const out = [
    `${level} Plan for \`${plan.environment}\``,
    "",
    `**${summaryLine(plan)}** (${baselineText(plan)}) · plan \`${plan.hash}\``,
    "",
  ];
  const changed = plan.changes.filter((c) => c.action !== "unchanged");
  if (changed.length === 0) out.push(`No changes to \`${plan.environment}\`.`, "");
  let truncated = 0;
  for (const change of changed) {
    // A diff that cannot fit is not rendered at all, nor any once less than MIN_DIFF_CHARS are left: a
    // plan of thousands of objects (issue #20) would otherwise print every one only to leave it out.
    const body = budget >= MIN_DIFF_CHARS && shortestDiff(change) <= budget ? diffBlock(change) : "";
    if (body === "" || body.length > budget) {
      out.push(`- ${changeLine(change).replace(displayName(change.ref), `\`${displayName(change.ref)}\``)}`);
      truncated++;
      continue;
    }
    budget -= body.length;
    out.push(`<details><summary>${escapeHtml(changeLine(change))}</summary>`, "", body, "</details>", "");
  }
  if (truncated > 0)
    out.push("", `_${truncated} diff(s) left out for length; the CLI prints the whole plan._`);
  if (plan.skipped.length > 0) {
    out.push("", "<details><summary>Not rendered in this environment</summary>", "");
    for (const s of plan.skipped)
      out.push(`- ${s.kind} \`${s.name}\` (\`${s.path}\`): ${escapeHtml(s.reason)}`);
    out.push("", "</details>");
  }
  return `${out.join("\n")}\n`;
}

/** Below this many characters left for diffs, the remaining changes are listed without one. */
const MIN_DIFF_CHARS = 500;

/** A lower bound of diffBlock's length: every path is printed at least once, whole. */
function shortestDiff(change: PlannedChange): number {
  let length = 0;
  for (const d of change.diff) length += d.path.length;
  return length;
}

function diffBlock(change: PlannedChange): string {
  if (change.action === "update") {
    const lines = change.diff.flatMap((d) => [
      ...(d.before === undefined ? [] : [`- ${d.path}: ${formatValue(d.before)}`]),
      ...(d.after === undefined ? [] : [`+ ${d.path}: ${formatValue(d.after)}`]),
    ]);
    return fenced("diff", lines.join("\n"));
  }
  const side = change.action === "create" ? "after" : "before";
  const object = Object.fromEntries(change.diff.map((d) => [d.path, d[side]]));
  return fenced("yaml", stringify(object, { lineWidth: 0 }).trimEnd());
}

/** A code fence longer than any backtick run inside, so no value can close it early. */
function fenced(language: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
