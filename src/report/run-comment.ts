import { inlineText } from "./markdown-escape.ts";

export interface RunCommentInput {
  pipeline: string;
  requestedBy: string;
  /** A monitor run started it (issue #19): said instead of who requested it. */
  trigger?: { monitor: string; environment: string; runAt: string; conditions: readonly string[] };
  /** KFP's RuntimeState, or CREATING before the run exists. */
  state: string;
  runUrl: string | null;
  experiment: string;
  parameters: Readonly<Record<string, unknown>>;
  /** The overrides the request gave (`name=value`), shown as such. */
  overrides: readonly string[];
  failedTask?: { name: string; message?: string };
  error?: string;
  /** The MLflow run KFP's MLflow plugin created for it, when it reported one. */
  mlflow?: { runId?: string; runUrl?: string };
}

const WORDS: Record<string, [string, string]> = {
  CREATING: ["⏳", "starting"],
  RUNTIME_STATE_UNSPECIFIED: ["⏳", "pending"],
  PENDING: ["⏳", "pending"],
  RUNNING: ["🔄", "running"],
  PAUSED: ["⏸️", "paused"],
  CANCELING: ["⏹️", "canceling"],
  CANCELED: ["⏹️", "canceled"],
  SKIPPED: ["⏭️", "skipped"],
  SUCCEEDED: ["✅", "succeeded"],
  FAILED: ["❌", "failed"],
};

export const RUN_COMMENT_MARKER = "<!-- slipway:pipeline-run -->";

/**
 * The tracking comment of a run started by `/slipway retrain`: one comment, edited as the run moves
 * (pending → running → succeeded, or failed with the task that failed), with the run's link. No
 * timestamps, so an unchanged state renders the same text and is not edited again.
 */
export function runComment(input: RunCommentInput): string {
  const [icon, word] = WORDS[input.state] ?? ["⏳", input.state.toLowerCase()];
  const lines = [
    RUN_COMMENT_MARKER,
    `${icon} **Retrain \`${inlineText(input.pipeline)}\`: ${word}** — ${
      input.trigger
        ? `started by monitor \`${inlineText(input.trigger.monitor)}\` in \`${inlineText(input.trigger.environment)}\` (run at ${inlineText(input.trigger.runAt)}: ${input.trigger.conditions.join(", ")})`
        : `requested by @${input.requestedBy}`
    }`,
    "",
    input.runUrl
      ? `Run: ${input.runUrl} (experiment \`${inlineText(input.experiment)}\`)`
      : "Run: being created",
  ];
  const params = Object.entries(input.parameters)
    .map(([k, v]) => `\`${inlineText(k)}=${inlineText(typeof v === "string" ? v : JSON.stringify(v), 80)}\``)
    .join(", ");
  if (params)
    lines.push(
      `Parameters: ${params}${input.overrides.length > 0 ? ` (overridden: ${input.overrides.map((o) => `\`${inlineText(o.split("=")[0] ?? "")}\``).join(", ")})` : ""}`,
    );
  if (input.state === "FAILED") {
    if (input.failedTask)
      lines.push(
        `Failed at task \`${inlineText(input.failedTask.name)}\`${input.failedTask.message ? `: ${inlineText(input.failedTask.message, 500)}` : ""}`,
      );
    else if (input.error) lines.push(`KFP says: ${inlineText(input.error, 500)}`);
  }
  if (input.mlflow?.runId)
    lines.push(
      `MLflow run: ${input.mlflow.runUrl ? `[\`${inlineText(input.mlflow.runId)}\`](${input.mlflow.runUrl})` : `\`${inlineText(input.mlflow.runId)}\``}`,
    );
  return lines.join("\n");
}
