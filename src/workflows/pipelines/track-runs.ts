import { isPipelinesFault } from "../../pipelines/pipelines-fault.ts";
import {
  type KfpRun,
  type PipelinesPort,
  type RunState,
  TERMINAL_STATES,
} from "../../pipelines/pipelines-port.ts";
import { runComment } from "../../report/run-comment.ts";
import type { TrackedRun } from "../../state/pipeline-records.ts";
import type { PipelineRunPorts } from "./start-run.ts";

/** A run recorded this long ago whose command never posted its comment: the tracker posts it. */
const ORPHAN_AFTER_MS = 10 * 60_000;

/** Where a run's progress is told: one comment per run, created once and edited after. */
export interface RunCommentPort {
  create(issue: number, body: string): Promise<number>;
  update(commentId: number, body: string): Promise<void>;
}

/** The tracking comment of a run as KFP reports it now. */
export function runCommentFor(
  record: TrackedRun,
  run: KfpRun | null,
  url: string | null,
  experiment: string,
  parameters: Readonly<Record<string, unknown>> = run?.parameters ?? {},
): string {
  const failed = run?.failedTasks[0];
  return runComment({
    pipeline: record.pipeline,
    requestedBy: record.requestedBy,
    ...(record.trigger ? { trigger: record.trigger } : {}),
    state: run?.state ?? record.state,
    runUrl: url,
    experiment,
    parameters,
    overrides: record.overrides,
    ...(failed ? { failedTask: failed } : {}),
    ...(run?.error ? { error: run.error } : {}),
    ...(run?.mlflow?.runId
      ? { mlflow: { runId: run.mlflow.runId, ...(run.mlflow.runUrl ? { runUrl: run.mlflow.runUrl } : {}) } }
      : {}),
  });
}

/**
 * One pass of the run tracker (issue #18): every run this repository started and has not seen end is
 * read from KFP; when its state moved, its tracking comment is edited (created first if a crash left
 * none), and a run that ended is marked done. Returns how many runs moved. A KFP fault for one run
 * leaves it for the next pass.
 */
export async function trackRuns(
  ports: PipelineRunPorts,
  comments: RunCommentPort,
  /**
   * Called once for each run seen ending (after its record says so): where a succeeded run leads on —
   * `run.mlflow?.runId` is the MLflow run KFP's plugin created for it.
   */
  onDone?: (record: TrackedRun, run: KfpRun) => Promise<void>,
): Promise<number> {
  const open = (await ports.records.read()).runs.filter((r) => !r.done && r.runId !== null);
  let moved = 0;
  for (const record of open) {
    const bound = await ports.connect(record.integration);
    if ("unavailable" in bound) continue;
    let run: KfpRun;
    try {
      run = await bound.pipelines.getRun(record.runId as string);
    } catch (error) {
      if (isPipelinesFault(error) && error.kind === "not-found") run = { ...deleted(record) };
      else continue;
    }
    // The command posts the first comment itself; only one it never posted (it died) is posted here.
    const commentMissing =
      record.comment !== null &&
      record.comment.id === null &&
      Date.parse(ports.now()) - Date.parse(record.requestedAt) > ORPHAN_AFTER_MS;
    if (record.comment !== null && record.comment.id === null && !commentMissing) continue;
    if (run.state === record.state && !commentMissing) continue;
    moved += 1;
    let id = record.comment?.id ?? null;
    if (record.comment) {
      const body = runCommentFor(record, run, bound.pipelines.runUrl(run.id), record.experiment);
      if (id === null) id = await comments.create(record.comment.issue, body);
      else await comments.update(id, body);
    }
    const done = TERMINAL_STATES.has(run.state as RunState);
    await ports.records.update((r) => {
      const rec = r.runs.find((x) => x.key === record.key);
      if (!rec) return;
      rec.state = run.state;
      rec.done = done;
      if (rec.comment && id !== null) rec.comment.id = id;
    });
    if (done && onDone) await onDone({ ...record, state: run.state, done }, run);
  }
  return moved;
}

/** A run KFP no longer knows (deleted by hand): reported as canceled, and no longer followed. */
function deleted(record: TrackedRun): KfpRun {
  return {
    id: record.runId as string,
    displayName: record.pipeline,
    state: "CANCELED",
    parameters: {},
    failedTasks: [],
    error: "the run was deleted in Kubeflow Pipelines",
  };
}

/**
 * The MLflow run a KFP run produced, as KFP's MLflow plugin reported it (`plugins_output.mlflow`), or null
 * when the install runs no plugin or it has not created one yet.
 */
export async function mlflowRunOf(
  kfp: Pick<PipelinesPort, "getRun">,
  runId: string,
): Promise<{ runId: string; experimentId: string | null; url: string | null } | null> {
  const run = await kfp.getRun(runId);
  const link = run.mlflow;
  if (!link?.runId) return null;
  return { runId: link.runId, experimentId: link.experimentId ?? null, url: link.runUrl ?? null };
}
