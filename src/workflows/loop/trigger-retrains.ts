import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { SourceTree } from "../../manifests/source-tree.ts";
import { isPipelinesFault } from "../../pipelines/pipelines-fault.ts";
import { type MonitorRunFacts, retrainDecisions, type TriggerDecision } from "../../plan/retrain-trigger.ts";
import { triggerRefused, triggerSkipped } from "../../report/retrain-notes.ts";
import type { RunTrigger } from "../../state/loop-records.ts";
import { describeFault } from "../faults.ts";
import { startPipelineRun } from "../pipelines/start-run.ts";
import { runCommentFor } from "../pipelines/track-runs.ts";
import type { LoopPorts } from "./loop-ports.ts";

export type TriggerOutcome =
  | { pipeline: string; outcome: "started"; runId: string; url: string }
  | { pipeline: string; outcome: "already-started" }
  | { pipeline: string; outcome: "skipped-cooldown" | "skipped-running"; said: boolean }
  | { pipeline: string; outcome: "refused" | "failed"; reason: string };

/**
 * Issue #19, item 1: one monitor run of a repository's default branch → the Pipelines it starts. Each
 * start goes through `startPipelineRun` (issue #18) with the monitor run's key, so the same run never
 * starts twice, whichever replica or restart reads the record; the monitor's issue gets the run's
 * tracking comment (its link, edited as the run moves). A skip is said on the issue once per blocking
 * run; a refusal or a KFP fault is said there too. Never throws for one pipeline's failure.
 */
export async function triggerRetrains(
  ports: LoopPorts,
  defaultBranch: { snapshot: PlatformSnapshot; tree: SourceTree },
  run: MonitorRunFacts,
  issue: number | null,
): Promise<TriggerOutcome[]> {
  const records = await ports.records.read();
  // A run followed up has ended, whether or not the run tracker has seen it end yet.
  const started = records.runs.map((r) => ({ ...r, done: r.done || r.followUp !== undefined }));
  const decisions = retrainDecisions(defaultBranch.snapshot, run, started);
  const out: TriggerOutcome[] = [];
  for (const decision of decisions) {
    const outcome = await decide(ports, defaultBranch, decision, issue);
    if (outcome.outcome !== "already-started")
      ports.metrics.recordRetrainTrigger(decision.pipeline, outcome.outcome);
    ports.log.info(
      {
        repository: ports.repo,
        pipeline: decision.pipeline,
        monitor: run.monitor,
        environment: run.environment,
        runAt: run.runAt,
        outcome: outcome.outcome,
      },
      "drift trigger",
    );
    out.push(outcome);
  }
  return out;
}

async function decide(
  ports: LoopPorts,
  defaultBranch: { snapshot: PlatformSnapshot; tree: SourceTree },
  decision: TriggerDecision,
  issue: number | null,
): Promise<TriggerOutcome> {
  const { pipeline } = decision;
  if (decision.action === "started") return { pipeline, outcome: "already-started" };
  if (decision.action === "skip") {
    const said = await sayOnce(ports, decision, issue);
    return { pipeline, outcome: decision.why === "cooldown" ? "skipped-cooldown" : "skipped-running", said };
  }
  const trigger: RunTrigger = { ...decision.reason, issue };
  const refused = async (outcome: "refused" | "failed", reason: string): Promise<TriggerOutcome> => {
    if (issue !== null)
      await ports.comment(
        issue,
        triggerRefused(pipeline, decision.reason, reason, outcome === "failed" ? RETRY_WORDS : null),
      );
    return { pipeline, outcome, reason };
  };
  // A repository whose Kubeflow Pipelines is not bound at all runs nothing and is told nothing (issue #18).
  const integration = defaultBranch.snapshot.manifests.Pipeline.get(pipeline)?.value.spec.integration;
  const bound = integration ? await ports.connect(integration) : null;
  if (bound && "unavailable" in bound && bound.unbound)
    return { pipeline, outcome: "refused", reason: bound.unavailable };
  const started = await startTriggered(ports, defaultBranch, pipeline, decision.key, trigger);
  if ("failed" in started) {
    // Kept as a start in flight, whichever step failed: the follow-up passes try it again.
    await ports.records.update((r) => {
      if (r.runs.some((x) => x.key === decision.key) || !integration) return;
      const manifest = defaultBranch.snapshot.manifests.Pipeline.get(pipeline);
      r.runs.push({
        key: decision.key,
        pipeline,
        integration,
        experiment: manifest?.value.spec.experiment ?? pipeline,
        runId: null,
        requestedBy: "slipway",
        requestedAt: ports.now(),
        state: "CREATING",
        comment: issue === null ? null : { issue, id: null },
        overrides: [],
        done: false,
        trigger,
      });
    });
    return refused("failed", started.failed);
  }
  if ("refused" in started) return refused("refused", started.refused);
  return { pipeline, outcome: "started", runId: started.runId, url: started.url };
}

/** How long a triggered start that Kubeflow Pipelines failed is tried again (`retryUnstarted`). */
export const RETRY_FOR_MS = 60 * 60_000;
const RETRY_WORDS = "an hour";

/**
 * Starts a Pipeline for a monitor run under the run's key — again, when a start before it failed: KFP is
 * asked for the run by its key first, so a start whose answer was lost is found, not repeated — and
 * gives the monitor's issue the run's tracking comment once.
 */
export async function startTriggered(
  ports: LoopPorts,
  defaultBranch: { snapshot: PlatformSnapshot; tree: SourceTree },
  pipeline: string,
  key: string,
  trigger: RunTrigger,
): Promise<{ runId: string; url: string } | { refused: string } | { failed: string }> {
  let started: Awaited<ReturnType<typeof startPipelineRun>>;
  try {
    started = await startPipelineRun(ports, defaultBranch.snapshot, defaultBranch.tree, {
      pipeline,
      key,
      overrides: [],
      requestedBy: "slipway",
      displayName: `${pipeline} · ${trigger.conditions.join(", ")} in ${trigger.environment} (${trigger.monitor})`,
      issue: trigger.issue,
      trigger,
    });
  } catch (error) {
    return { failed: isPipelinesFault(error) ? error.message : describeFault(error) };
  }
  if ("refused" in started) return started;
  const { runId, url, record, experiment, parameters } = started.started;
  const issue = trigger.issue;
  if (issue !== null && !record.comment?.id) {
    const id = await ports.comment(issue, runCommentFor(record, null, url, experiment, parameters));
    await ports.records.update((r) => {
      const rec = r.runs.find((x) => x.key === record.key);
      if (rec?.comment) rec.comment.id = id;
    });
  }
  return { runId, url };
}

/** The skip said on the monitor issue once per blocking run (its cooldown, or while it runs). */
async function sayOnce(
  ports: LoopPorts,
  decision: Extract<TriggerDecision, { action: "skip" }>,
  issue: number | null,
): Promise<boolean> {
  if (issue === null) return false;
  const who = `${decision.reason.environment}/${decision.reason.monitor}#${issue}`;
  const claimed = await ports.records.update((r) => {
    const blocking = r.runs.find((x) => x.key === decision.blocking);
    if (!blocking || blocking.skipsSaid?.includes(who)) return null;
    blocking.skipsSaid = [...(blocking.skipsSaid ?? []), who].slice(-50);
    return { ...blocking };
  });
  if (!claimed) return false;
  const url = claimed.runId ? await runUrl(ports, claimed.integration, claimed.runId) : null;
  await ports.comment(issue, triggerSkipped(decision, claimed, url));
  return true;
}

async function runUrl(ports: LoopPorts, integration: string, runId: string): Promise<string | null> {
  const bound = await ports.connect(integration);
  return "unavailable" in bound ? null : bound.pipelines.runUrl(runId);
}
