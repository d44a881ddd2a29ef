import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { SourceTree } from "../../manifests/source-tree.ts";
import { isPipelinesFault } from "../../pipelines/pipelines-fault.ts";
import { type KfpRun, TERMINAL_STATES } from "../../pipelines/pipelines-port.ts";
import { candidateVersion } from "../../plan/retrain-candidate.ts";
import type { CandidateOrigin } from "../../report/candidate-pull.ts";
import { candidateProposed, retrainFailed, retrainWithoutVersion } from "../../report/retrain-notes.ts";
import type { FollowUpState } from "../../state/loop-records.ts";
import type { TrackedRun } from "../../state/pipeline-records.ts";
import { isTrackerFault } from "../../tracker/tracker-fault.ts";
import type { LoopPorts } from "./loop-ports.ts";
import { proposeCandidate } from "./propose-candidate.ts";
import { retryUnstarted } from "./retry-unstarted.ts";
import { newerVersions, pipelineExperiment } from "./version-facts.ts";

export interface DefaultBranch {
  name: string;
  head: string;
  snapshot: PlatformSnapshot;
  tree: SourceTree;
}

export interface FollowOutcome {
  key: string;
  pipeline: string;
  /** `restarted`: a triggered start that had failed was made on a retry. */
  state: FollowUpState | "waiting" | "restarted";
  note: string;
  pull?: number;
}

/** A `/slipway retrain` run older than this when first followed is history, not a candidate. */
const COMMAND_RUNS_WITHIN_MS = 7 * 86_400_000;
/** A succeeded run whose version is still registering is looked at again for this long. */
const REGISTRATION_GRACE_MS = 60 * 60_000;

/**
 * Issue #19, item 2, the polling side: every run the repository started (by a monitor, or with
 * `/slipway retrain`) whose Pipeline retrains a model is read once it ends. Succeeded: the version it
 * registered is proposed in a candidate pull request. Failed or stopped: the monitor's issue says so,
 * and no pull request is opened. A fault (KFP or MLflow down) leaves the run for the next pass. Starts
 * that never got a run id are tried again or let go first (`retryUnstarted`).
 */
export async function followRetrains(ports: LoopPorts, branch: DefaultBranch): Promise<FollowOutcome[]> {
  const out = await retryUnstarted(ports, branch);
  const now = Date.parse(ports.now());
  const open = (await ports.records.read()).runs.filter(
    (r) =>
      r.runId !== null &&
      !r.followUp &&
      (r.trigger !== undefined || now - Date.parse(r.requestedAt) < COMMAND_RUNS_WITHIN_MS),
  );
  for (const record of open) {
    try {
      const outcome = await followOne(ports, branch, record);
      if (outcome) out.push(outcome);
    } catch (error) {
      if (!isTrackerFault(error) && !isPipelinesFault(error)) throw error;
      ports.log.warn(
        { repository: ports.repo, run: record.runId, reason: error.message },
        "retrain follow-up: the next pass tries again",
      );
    }
  }
  return out;
}

async function followOne(
  ports: LoopPorts,
  branch: DefaultBranch,
  record: TrackedRun,
): Promise<FollowOutcome | null> {
  const pipeline = branch.snapshot.manifests.Pipeline.get(record.pipeline);
  const model = pipeline?.value.spec.model
    ? branch.snapshot.manifests.Model.get(pipeline.value.spec.model)
    : undefined;
  if (!pipeline || !model) return null;
  const bound = await ports.connect(record.integration);
  if ("unavailable" in bound) return null;
  const kfp = bound.pipelines;
  const run = await kfp.getRun(record.runId as string);
  if (!TERMINAL_STATES.has(run.state)) return null;
  const url = kfp.runUrl(run.id);
  // Failures are said on the monitor's issue; a command's tracking comment says them already.
  const issue = record.trigger?.issue ?? null;
  const settle = async (
    state: FollowUpState,
    note: string,
    extra: { version?: string; pull?: number } = {},
  ) => {
    await ports.records.update((r) => {
      const rec = r.runs.find((x) => x.key === record.key);
      // The run tracker (issue #18) owns `state` and `done`: it edits the run's comment when they move.
      if (!rec) return;
      rec.followUp = {
        state,
        version: extra.version ?? null,
        pull: extra.pull ?? null,
        at: ports.now(),
        note,
      };
    });
    if (record.trigger) ports.metrics.recordTriggeredRetrain(record.pipeline, retrainOutcome(run.state));
    return {
      key: record.key,
      pipeline: record.pipeline,
      state,
      note,
      ...(extra.pull ? { pull: extra.pull } : {}),
    };
  };

  if (run.state !== "SUCCEEDED") {
    if (issue !== null)
      await ports.comment(
        issue,
        retrainFailed({
          pipeline: record.pipeline,
          state: run.state,
          url,
          ...(run.failedTasks[0] ? { failedTask: run.failedTasks[0] } : {}),
          ...(run.error ? { error: run.error } : {}),
        }),
      );
    return settle("reported", `the run ended ${run.state}`);
  }

  const tracking = await ports.connectTracker(branch.snapshot.config?.value.integrations?.tracking ?? null);
  if ("unavailable" in tracking) {
    // As a fault is: said in the log each pass until MLflow can be read (a binding fixed, MLflow back).
    ports.log.warn(
      { repository: ports.repo, run: record.runId, reason: tracking.unavailable },
      "retrain follow-up: the next pass tries again",
    );
    return { key: record.key, pipeline: record.pipeline, state: "waiting", note: tracking.unavailable };
  }
  const { tracker } = tracking;
  const spec = model.value.spec;
  // KFP's MLflow plugin names the experiment it logged to; else the Pipeline's, else the Model's evidence.
  const experiment = await pipelineExperiment(tracker, [
    run.mlflow?.experimentName,
    pipeline.value.spec.experiment,
    spec.evidence?.experiment,
  ]);
  const versions = await newerVersions(tracker, spec.registry.name, String(spec.registry.version));
  const choice = candidateVersion(versions, {
    pluginRunId: run.mlflow?.runId ?? null,
    experimentId: experiment?.id ?? null,
    startedAtMs: run.createdAt ? Date.parse(run.createdAt) : Date.parse(record.requestedAt),
    currentVersion: String(spec.registry.version),
  });
  if ("none" in choice) {
    const finished = Date.parse(run.finishedAt ?? ports.now());
    if (
      choice.none.includes("PENDING_REGISTRATION") &&
      Date.parse(ports.now()) - finished < REGISTRATION_GRACE_MS
    )
      return { key: record.key, pipeline: record.pipeline, state: "waiting", note: choice.none };
    if (issue !== null) await ports.comment(issue, retrainWithoutVersion(record.pipeline, url, choice.none));
    return settle("no-version", choice.none);
  }
  const chosen = choice.version;
  const runId = chosen.runId ?? "";
  const runExperiment = {
    name: experiment?.name ?? spec.evidence?.experiment ?? "",
    id: chosen.run?.experimentId ?? experiment?.id ?? null,
  };
  const proposed = await proposeCandidate(ports, {
    defaultBranch: branch,
    model,
    version: chosen.version,
    runId,
    experiment: runExperiment,
    found: choice.how,
    origin: originOf(record),
    kfp: { pipeline: record.pipeline, runUrl: url },
    tracker,
    ...(tracking.trackingUrl ? { trackingUrl: tracking.trackingUrl } : {}),
  });
  if (proposed.action === "refused") {
    if (issue !== null)
      await ports.comment(issue, retrainWithoutVersion(record.pipeline, url, proposed.note));
    return settle("no-version", proposed.note);
  }
  // The candidate is said where the run was asked for: the monitor's issue, or the command's thread.
  const told = issue ?? record.comment?.issue ?? null;
  if (proposed.action !== "already" && told !== null)
    await ports.comment(told, candidateProposed(model.name, chosen.version, proposed.pull, proposed.action));
  const pull = proposed.pull ?? undefined;
  return settle(
    "proposed",
    proposed.action === "already" ? proposed.note : `${proposed.action} #${proposed.pull}`,
    {
      version: chosen.version,
      ...(pull ? { pull } : {}),
    },
  );
}

export function originOf(record: TrackedRun): CandidateOrigin {
  if (record.trigger)
    return {
      kind: "monitor",
      monitor: record.trigger.monitor,
      environment: record.trigger.environment,
      runAt: record.trigger.runAt,
      conditions: record.trigger.conditions,
      columns: record.trigger.columns,
      report: record.trigger.report,
      metrics: record.trigger.metrics ?? [],
      problems: record.trigger.problems ?? [],
      issue: record.trigger.issue,
    };
  return { kind: "command", login: record.requestedBy, issue: record.comment?.issue ?? null };
}

function retrainOutcome(state: KfpRun["state"]): string {
  return state === "SUCCEEDED" ? "succeeded" : state === "FAILED" ? "failed" : "canceled";
}
