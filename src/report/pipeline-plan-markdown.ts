import type { PipelineChange, PipelinePlan } from "../plan/pipeline-plan.ts";
import { tableCell } from "./markdown-escape.ts";
import { formatValue } from "./plan-values.ts";

const cell = (v: unknown) => (v === undefined ? "(none)" : `\`${tableCell(formatValue(v), 120)}\``);

function row(change: PipelineChange): string | null {
  const name = `\`${tableCell(change.pipeline)}\``;
  switch (change.action) {
    case "create": {
      const d = change.desired;
      return `| ${name} | create | \`${tableCell(d.schedule)}\` (KFP \`${tableCell(d.cron)}\`), package \`${tableCell(d.packageKey)}\`, experiment \`${tableCell(d.experiment)}\`${d.serviceAccount ? `, service account \`${tableCell(d.serviceAccount)}\`` : ""} |`;
    }
    case "update":
      return `| ${name} | change | ${change.fields.map((f) => `\`${tableCell(f.field)}\` ${cell(f.from)} → ${cell(f.to)}`).join("<br>")} |`;
    case "enable":
      return `| ${name} | enable | scheduled again as before |`;
    case "disable":
      return `| ${name} | disable | no longer scheduled in git; kept disabled in KFP with its history |`;
    case "unchanged":
      return null;
  }
}

/**
 * The plan's Kubeflow Pipelines part: what merging would create, change, enable or disable among the
 * recurring runs, against the default branch. Null when nothing would change.
 */
export function renderPipelinePlanMarkdown(plan: PipelinePlan, headingLevel = 4): string | null {
  const rows = plan.changes.map(row).filter((r): r is string => r !== null);
  if (rows.length === 0) return null;
  const { create, update, enable, disable } = plan.summary;
  const counts = [
    create ? `${create} to create` : "",
    update ? `${update} to change` : "",
    enable ? `${enable} to enable` : "",
    disable ? `${disable} to disable` : "",
  ].filter(Boolean);
  return [
    `${"#".repeat(headingLevel)} Kubeflow Pipelines: ${counts.join(", ")}`,
    "Recurring runs, synced once when the default branch gets this commit (a change is a new recurring run replacing the old one; KFP cannot edit one).",
    "",
    "| pipeline | change | details |",
    "|---|---|---|",
    ...rows,
  ].join("\n");
}
