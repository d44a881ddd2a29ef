import type { FieldChange } from "../../plan/pipeline-plan.ts";
import type { DesiredRecurringRun } from "../../plan/recurring-runs.ts";
import { formatValue } from "../../report/plan-values.ts";
import { short } from "../deploy/deploy-words.ts";

export type SyncLine =
  | { pipeline: string; kind: "created" | "recreated"; url: string; desired: DesiredRecurringRun }
  | {
      pipeline: string;
      kind: "updated";
      url: string;
      desired: DesiredRecurringRun;
      fields: readonly FieldChange[];
    }
  | { pipeline: string; kind: "enabled"; url: string }
  | { pipeline: string; kind: "disabled"; url?: string }
  | { pipeline: string; kind: "failed"; detail: string };

function fieldText(f: FieldChange): string {
  const value = (v: unknown) => (v === undefined ? "(none)" : formatValue(v));
  return `\`${f.field}\` ${value(f.from)} → ${value(f.to)}`;
}

function lineText(line: SyncLine): string {
  const name = `\`${line.pipeline}\``;
  switch (line.kind) {
    case "created":
    case "recreated": {
      const d = line.desired;
      const why = line.kind === "recreated" ? " again (it had been deleted in KFP)" : "";
      return `- created the recurring run of ${name}${why}: \`${d.schedule}\` (KFP \`${d.cron}\`), package \`${d.packageKey}\`, experiment \`${d.experiment}\` — [open in KFP](${line.url})`;
    }
    case "updated":
      return `- updated the recurring run of ${name}: ${line.fields.map(fieldText).join("; ")} — [open in KFP](${line.url})`;
    case "enabled":
      return `- enabled the recurring run of ${name} again — [open in KFP](${line.url})`;
    case "disabled":
      return `- disabled the recurring run of ${name}: it is no longer scheduled in git (kept in KFP with its history; revert to schedule it again)${line.url ? ` — [open in KFP](${line.url})` : ""}`;
    case "failed":
      return `- ${name} was not synced: ${line.detail}`;
  }
}

/** The comment on the merged pull request; null when nothing changed and nothing failed. */
export function syncReport(commit: string, lines: readonly SyncLine[]): string | null {
  if (lines.length === 0) return null;
  const failed = lines.some((l) => l.kind === "failed");
  const head = `**Kubeflow Pipelines** at ${short(commit)}:`;
  const tail = failed
    ? "\n\nWhat failed is tried again on the next push to the default branch, and by the next reconcile pass."
    : "";
  return `${head}\n${lines.map(lineText).join("\n")}${tail}`;
}
