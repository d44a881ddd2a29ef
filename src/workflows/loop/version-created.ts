import { belongsToRun } from "../../plan/retrain-candidate.ts";
import type { CandidateOrigin } from "../../report/candidate-pull.ts";
import { candidateProposed } from "../../report/retrain-notes.ts";
import { isTrackerFault } from "../../tracker/tracker-fault.ts";
import type { DefaultBranch } from "./follow-retrains.ts";
import { originOf } from "./follow-retrains.ts";
import type { LoopPorts } from "./loop-ports.ts";
import { type ProposeOutcome, proposeCandidate } from "./propose-candidate.ts";
import { pipelineExperiment, versionFacts } from "./version-facts.ts";

export type VersionCreatedOutcome = { ignored: string } | { proposed: ProposeOutcome };

/**
 * MLflow's `model_version.created` (issue #19, item 3): a version of a registered model that a Pipeline of
 * the default branch retrains is proposed at once, without waiting for the next poll — when it is READY,
 * newer than git's, and its run is in the Pipeline's MLflow experiment. The run that started it (a
 * monitor's trigger, a `/slipway retrain`), when one of this repository's runs matches, gives the
 * pull request its reasons and is settled; otherwise the version's registration is the reason. Anything
 * else is ignored with the reason, and the poll stays the fallback.
 */
export async function versionCreated(
  ports: LoopPorts,
  branch: DefaultBranch,
  event: { model: string; version: string },
): Promise<VersionCreatedOutcome> {
  const { snapshot } = branch;
  const pipeline = [...snapshot.manifests.Pipeline.values()].find((p) => {
    const model = p.value.spec.model ? snapshot.manifests.Model.get(p.value.spec.model) : undefined;
    return model?.value.spec.registry.name === event.model;
  });
  const model = pipeline?.value.spec.model
    ? snapshot.manifests.Model.get(pipeline.value.spec.model)
    : undefined;
  if (!pipeline || !model)
    return { ignored: `no Pipeline of the default branch retrains \`${event.model}\`` };
  const spec = model.value.spec;
  if (Number(event.version) <= Number(spec.registry.version))
    return { ignored: `version ${event.version} is not newer than version ${spec.registry.version} in git` };
  const tracking = await ports.connectTracker(snapshot.config?.value.integrations?.tracking ?? null);
  if ("unavailable" in tracking) return { ignored: tracking.unavailable };
  const { tracker } = tracking;
  let raw: Awaited<ReturnType<typeof tracker.getModelVersion>>;
  try {
    raw = await tracker.getModelVersion(event.model, event.version);
  } catch (error) {
    if (isTrackerFault(error) && error.kind === "not-found")
      return { ignored: `MLflow has no version ${event.version} of \`${event.model}\`` };
    throw error;
  }
  if (raw.status !== "READY")
    return { ignored: `version ${event.version} is ${raw.status}; the poll proposes it once READY` };
  const facts = await versionFacts(tracker, raw);
  const experiment = await pipelineExperiment(tracker, [
    pipeline.value.spec.experiment,
    spec.evidence?.experiment,
  ]);
  if (!experiment || !belongsToRun(facts, { experimentId: experiment.id, startedAtMs: null }))
    return { ignored: `the run of version ${event.version} is not in the Pipeline's MLflow experiment` };

  // The newest of this repository's runs of the Pipeline that could have registered it.
  const runs = (await ports.records.read()).runs.filter(
    (r) =>
      r.pipeline === pipeline.name &&
      r.runId !== null &&
      !r.followUp &&
      belongsToRun(facts, { experimentId: experiment.id, startedAtMs: Date.parse(r.requestedAt) }),
  );
  const run = runs.at(-1);
  const origin: CandidateOrigin = run ? originOf(run) : { kind: "registry" };
  let kfp: { pipeline: string; runUrl: string | null } | null = null;
  if (run) {
    const bound = await ports.connect(run.integration);
    kfp = {
      pipeline: pipeline.name,
      runUrl: "unavailable" in bound ? null : bound.pipelines.runUrl(run.runId as string),
    };
  }
  const proposed = await proposeCandidate(ports, {
    defaultBranch: branch,
    model,
    version: event.version,
    runId: facts.runId ?? "",
    experiment: { name: experiment.name, id: facts.run?.experimentId ?? experiment.id },
    found: "webhook",
    origin,
    kfp,
    tracker,
    ...(tracking.trackingUrl ? { trackingUrl: tracking.trackingUrl } : {}),
  });
  // The run itself is settled by the poll once it ends (its outcome is counted then); the proposal is
  // recorded, so the poll finds it proposed already.
  const issue = run?.trigger?.issue ?? null;
  if (issue !== null && (proposed.action === "opened" || proposed.action === "updated"))
    await ports.comment(issue, candidateProposed(model.name, event.version, proposed.pull, proposed.action));
  return { proposed };
}
