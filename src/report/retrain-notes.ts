import type { TriggerDecision, TriggerReason } from "../plan/retrain-trigger.ts";
import { inlineText } from "./markdown-escape.ts";

// The lines the drift-to-candidate loop (issue #19) writes on a monitor's issue. No timestamps but the
// monitor run's and the cooldown's end, so a note says exactly what it is about.

const CONDITIONS: Record<string, string> = {
  drift: "dataset drift",
  quality: "failed data quality",
  classification: "classification quality below its thresholds",
};

function found(reason: TriggerReason): string {
  return reason.conditions.map((c) => CONDITIONS[c] ?? c).join("; ");
}

/** A trigger skipped because of another run: its cooldown, or it is still running (said once per run). */
export function triggerSkipped(
  decision: Extract<TriggerDecision, { action: "skip" }>,
  blocking: { requestedAt: string; trigger?: { runAt: string } },
  url: string | null,
): string {
  const pipeline = `\`${inlineText(decision.pipeline)}\``;
  const run = url ?? "a run that is being created";
  const monitorRun = `The monitor run at ${decision.reason.runAt} (${found(decision.reason)})`;
  if (decision.why === "running")
    return `⏭️ ${monitorRun} did not start ${pipeline}: ${url ? `${url} is still running` : "its last start is still being created in Kubeflow Pipelines"}, and its outcome is what a candidate will come from. Later runs of the monitor are not said again while it runs.`;
  return `⏭️ ${monitorRun} did not start ${pipeline}: it was started at ${blocking.requestedAt} (${run}), and its trigger's cooldown lets the next drift start it from ${decision.until}. Runs of the monitor within the cooldown are not said again.`;
}

/**
 * A trigger that could not start its pipeline: a refusal (nothing to retry until the repository
 * changes), or a Kubeflow Pipelines fault, retried by the follow-up passes for `retryFor`.
 */
export function triggerRefused(
  pipeline: string,
  reason: TriggerReason,
  why: string,
  retryFor: string | null = null,
): string {
  const next = retryFor
    ? ` Slipway tries again for ${retryFor}; the run's link follows here when it starts.`
    : " The next drift of the monitor tries again.";
  return `⚠️ The monitor run at ${reason.runAt} (${found(reason)}) should have started \`${inlineText(pipeline)}\`, but it did not start: ${sentence(inlineText(why, 600))}${next}`;
}

/**
 * A triggered start given up on: Kubeflow Pipelines kept failing for `RETRY_FOR_MS`, or a retry was
 * refused (the Pipeline changed on the default branch). It holds back neither the next drift nor a
 * cooldown.
 */
export function triggerAbandoned(
  pipeline: string,
  trigger: { runAt: string },
  why: string,
  afterFaults: boolean,
): string {
  const cause = afterFaults
    ? `Kubeflow Pipelines kept failing for an hour (last: ${sentence(inlineText(why, 600))})`
    : sentence(inlineText(why, 600));
  return `⚠️ \`${inlineText(pipeline)}\` was not started for the monitor run at ${trigger.runAt}: ${cause} Slipway stopped trying; the next drift of the monitor starts it, or \`/slipway retrain ${inlineText(pipeline)}\` does now.`;
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** A triggered run that failed or was stopped: no candidate pull request. */
export function retrainFailed(input: {
  pipeline: string;
  state: string;
  url: string | null;
  failedTask?: { name: string; message?: string };
  error?: string;
}): string {
  const word =
    input.state === "FAILED" ? "failed" : input.state === "SKIPPED" ? "was skipped" : "was stopped";
  const where = input.failedTask
    ? ` at task \`${inlineText(input.failedTask.name)}\`${input.failedTask.message ? `: ${inlineText(input.failedTask.message, 500)}` : ""}`
    : input.error
      ? `: ${inlineText(input.error, 500)}`
      : "";
  return `❌ The retrain \`${inlineText(input.pipeline)}\` ${word}${where}. No candidate pull request was opened${input.url ? `; the run: ${input.url}` : ""}. The next drift of the monitor (after the trigger's cooldown) starts it again, or \`/slipway retrain ${inlineText(input.pipeline)}\` does now.`;
}

/** A run that succeeded but registered no version newer than git's. */
export function retrainWithoutVersion(pipeline: string, url: string | null, why: string): string {
  return `⚠️ The retrain \`${inlineText(pipeline)}\` succeeded${url ? ` (${url})` : ""}, but no candidate pull request was opened: ${inlineText(why, 600)}.`;
}

/** The candidate pull request the run led to. */
export function candidateProposed(
  model: string,
  version: string,
  pull: number,
  action: "opened" | "updated",
): string {
  return `✅ The retrain registered \`${inlineText(model)}\` version ${version}: ${action === "opened" ? "candidate pull request" : "it now updates candidate pull request"} #${pull}, reviewed like any change. Nothing is deployed until a person merges it.`;
}

/** The candidate pull request was merged: the loop's last word on the monitor issue before the deploy. */
export function candidateMerged(model: string, version: string, pull: number, by: string | null): string {
  return `🚀 Candidate pull request #${pull} (\`${inlineText(model)}\` version ${version}) was merged${by ? ` by @${inlineText(by, 39)}` : ""}: it deploys environment by environment, as any merge does. The monitor's next runs tell whether the retrained model holds up.`;
}

/** The candidate pull request was closed without merging: its version is not proposed again. */
export function candidateDeclined(model: string, version: string, pull: number, pipeline: string): string {
  return `🛑 Candidate pull request #${pull} (\`${inlineText(model)}\` version ${version}) was closed without merging: that version is not proposed again. The next drift of the monitor (after the trigger's cooldown) retrains, or \`/slipway retrain ${inlineText(pipeline)}\` does now.`;
}
