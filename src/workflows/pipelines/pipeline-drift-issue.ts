import { tableCell } from "../../report/markdown-escape.ts";
import { formatValue } from "../../report/plan-values.ts";
import { CONFIG_DRIFT_LABELS } from "../reconcile/drift-issue.ts";
import type { TrackingIssue } from "../tracking-issue-port.ts";
import type { PipelineDrift, PipelineDriftItem } from "./pipeline-drift.ts";

export const PIPELINE_DRIFT_KEY = "config-drift:kubeflow-pipelines";
const TITLE = "Config drift in Kubeflow Pipelines";

const WHAT: Record<PipelineDriftItem["kind"], string> = {
  deleted: "deleted in KFP",
  disabled: "disabled in KFP",
  enabled: "enabled in KFP, though git no longer schedules it",
  changed: "changed in KFP",
};

function rows(item: PipelineDriftItem): string[] {
  const name = item.url
    ? `[\`${tableCell(item.pipeline)}\`](${item.url})`
    : `\`${tableCell(item.pipeline)}\``;
  if (item.kind !== "changed") return [`| ${name} | ${WHAT[item.kind]} | | | |`];
  const cell = (v: unknown) => (v === undefined ? "(none)" : tableCell(formatValue(v), 120));
  return item.fields.map(
    (f) => `| ${name} | ${WHAT.changed} | \`${tableCell(f.field)}\` | ${cell(f.from)} | ${cell(f.to)} |`,
  );
}

/**
 * The one issue per repository reporting recurring runs changed behind git's back, updated in place
 * and closed once KFP matches git again. Deterministic: no timestamps.
 */
export function pipelineDriftIssue(drift: PipelineDrift): TrackingIssue {
  if (drift.items.length === 0) {
    const note = "Kubeflow Pipelines matches git again.";
    return {
      key: PIPELINE_DRIFT_KEY,
      title: TITLE,
      body: note,
      labels: CONFIG_DRIFT_LABELS,
      open: false,
      closingNote: note,
    };
  }
  const body = [
    `${drift.items.length} recurring run(s) in Kubeflow Pipelines differ from what git declares and Slipway applied (${drift.checked - drift.items.length} in sync).`,
    "",
    "| pipeline | drift | field | KFP | git |",
    "|---|---|---|---|---|",
    ...drift.items.flatMap(rows),
    "",
    "The next push to the default branch puts them back as git declares them; to keep a change, make it in git.",
  ].join("\n");
  return { key: PIPELINE_DRIFT_KEY, title: TITLE, body, labels: CONFIG_DRIFT_LABELS, open: true };
}
