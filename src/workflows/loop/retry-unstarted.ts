import { triggerAbandoned } from "../../report/retrain-notes.ts";
import type { TrackedRun } from "../../state/pipeline-records.ts";
import type { DefaultBranch, FollowOutcome } from "./follow-retrains.ts";
import type { LoopPorts } from "./loop-ports.ts";
import { RETRY_FOR_MS, startTriggered } from "./trigger-retrains.ts";

/**
 * How long a start stays "in flight" before it is taken for failed: longer than one start can take
 * (two KFP calls of up to four 30 s attempts each), so a start still running is never repeated.
 */
export const RETRY_AFTER_MS = 10 * 60_000;

/** A run recorded ahead of Kubeflow Pipelines' answer that never got its run id. */
export const unstarted = (r: TrackedRun) => r.runId === null && !r.done && !r.followUp;

/**
 * Starts recorded ahead that never got a run id (issue #19, item 1): KFP failed, or the process died
 * between the record and KFP's answer. Until they are settled they hold their Pipeline as running, so
 * every drift after them would be skipped. A triggered one is tried again every RETRY_AFTER_MS under
 * its key — KFP is asked for the run by its key first, so a start whose answer was lost is found, not
 * repeated — and given up on after RETRY_FOR_MS, said once on the monitor's issue. A command's one is
 * let go: its comment said it did not start, and the person comments again.
 */
export async function retryUnstarted(ports: LoopPorts, branch: DefaultBranch): Promise<FollowOutcome[]> {
  const now = Date.parse(ports.now());
  const due = (await ports.records.read()).runs.filter(
    (r) => unstarted(r) && now - Date.parse(r.retriedAt ?? r.requestedAt) >= RETRY_AFTER_MS,
  );
  const out: FollowOutcome[] = [];
  for (const record of due) {
    const letGo = (note: string) =>
      ports.records.update((r) => {
        const rec = r.runs.find((x) => x.key === record.key);
        if (!rec || rec.runId !== null) return false;
        rec.done = true;
        rec.state = "NOT_STARTED";
        rec.followUp = { state: "reported", version: null, pull: null, at: ports.now(), note };
        return true;
      });
    if (!record.trigger) {
      await letGo("never started; its command was answered");
      out.push({ key: record.key, pipeline: record.pipeline, state: "reported", note: "never started" });
      continue;
    }
    await ports.records.update((r) => {
      const rec = r.runs.find((x) => x.key === record.key);
      if (rec) rec.retriedAt = ports.now();
    });
    const started = await startTriggered(ports, branch, record.pipeline, record.key, record.trigger);
    if ("runId" in started) {
      ports.metrics.recordRetrainTrigger(record.pipeline, "started");
      out.push({
        key: record.key,
        pipeline: record.pipeline,
        state: "restarted",
        note: `started ${started.runId} on a retry`,
      });
      continue;
    }
    const why = "failed" in started ? started.failed : started.refused;
    if ("failed" in started && now - Date.parse(record.requestedAt) < RETRY_FOR_MS) {
      out.push({ key: record.key, pipeline: record.pipeline, state: "waiting", note: why });
      continue;
    }
    if (await letGo(`never started: ${why}`)) {
      const issue = record.trigger.issue;
      if (issue !== null)
        await ports.comment(
          issue,
          triggerAbandoned(record.pipeline, record.trigger, why, "failed" in started),
        );
    }
    out.push({
      key: record.key,
      pipeline: record.pipeline,
      state: "reported",
      note: `never started: ${why}`,
    });
  }
  return out;
}
