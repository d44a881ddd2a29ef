import { closestMatch } from "../../manifests/closest-match.ts";
import { readCompiledPackage } from "../../manifests/compiled-package.ts";
import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { SourceTree } from "../../manifests/source-tree.ts";
import type { KfpRun, PipelinesPort } from "../../pipelines/pipelines-port.ts";
import { runKeyMarker, runParameters } from "../../plan/pipeline-run.ts";
import { kfpPipelineName, packageSourceOf } from "../../plan/recurring-runs.ts";
import type { RunTrigger } from "../../state/loop-records.ts";
import type { TrackedRun } from "../../state/pipeline-records.ts";
import { ensureExperiment, ensureVersion } from "./ensure-in-kfp.ts";
import type { PackageBytes, PipelineSyncPorts } from "./pipeline-ports.ts";

/** What starting a run needs: the sync's ports minus the tree and commit order. */
export type PipelineRunPorts = Pick<
  PipelineSyncPorts,
  "repo" | "binding" | "records" | "connect" | "readPackage" | "now"
>;

export interface StartRunRequest {
  /** The Pipeline's `metadata.name`, as the default branch declares it. */
  pipeline: string;
  /**
   * Stable per request: the same key never starts a second run (a redelivered comment, a retried
   * trigger). `retrain:<repo>#<comment id>` for the command; a drift trigger would use its monitor run.
   */
  key: string;
  /** `name=value` overrides of the declared parameters. */
  overrides: readonly string[];
  requestedBy: string;
  /** The run's display name in KFP. */
  displayName: string;
  /** Where its progress is told (an issue or pull request number), if anywhere. */
  issue: number | null;
  /** Set when a Monitor's run starts it (issue #19): kept with the record for its candidate pull request. */
  trigger?: RunTrigger;
}

export interface StartedRun {
  runId: string;
  url: string;
  experiment: string;
  parameters: Record<string, unknown>;
  /** True when the key had started a run already: nothing new was created. */
  existing: boolean;
  record: TrackedRun;
}

export type StartRunOutcome = { refused: string } | { started: StartedRun };

/**
 * Starts one run of a Pipeline in Kubeflow Pipelines, at most once per key: recorded ahead (key, no run
 * id yet) before KFP is asked, the run's description carrying the key, so a lost answer or a crash is
 * found again in KFP instead of starting a second run. Parameters are the manifest's, overridden by
 * `overrides`, checked against the compiled pipeline when it can be read. A refusal is a plain sentence
 * (no KFP write happened); a KFP fault rejects as a PipelinesFault.
 */
export async function startPipelineRun(
  ports: PipelineRunPorts,
  snapshot: PlatformSnapshot,
  tree: SourceTree,
  request: StartRunRequest,
): Promise<StartRunOutcome> {
  const manifest = snapshot.manifests.Pipeline.get(request.pipeline);
  if (!manifest) {
    const near = closestMatch(request.pipeline, [...snapshot.manifests.Pipeline.keys()]);
    return {
      refused: `the default branch declares no Pipeline \`${request.pipeline}\`${near ? ` (did you mean \`${near}\`?)` : ""}`,
    };
  }
  const spec = manifest.value.spec;
  const bound = await ports.connect(spec.integration);
  if ("unavailable" in bound) return { refused: `nothing was started: ${bound.unavailable}` };
  const kfp = bound.pipelines;
  const experimentName = spec.experiment ?? manifest.name;

  const records = await ports.records.read();
  const known = records.runs.find((r) => r.key === request.key);
  if (known?.runId) return { started: await describe(kfp, known, experimentName, true) };

  const source = packageSourceOf(spec.package);
  if (!source) return { refused: `Pipeline \`${manifest.name}\` has no package` };
  let bytes: PackageBytes | null = null;
  const read = async () => {
    bytes ??= await ports.readPackage(source, tree, spec.integration);
    return bytes;
  };
  let declared = null;
  if (source.kind !== "pipeline") {
    const got = await read();
    if ("problem" in got)
      return { refused: `the package of \`${manifest.name}\` could not be read: ${got.problem}` };
    const compiled = readCompiledPackage(source.kind === "path" ? source.path : source.uri, got.bytes);
    if ("problem" in compiled)
      return {
        refused: `the package of \`${manifest.name}\` is not a compiled pipeline: ${compiled.problem}`,
      };
    declared = compiled.package.parameters;
  }
  const params = runParameters(spec.parameters ?? {}, request.overrides, declared);
  if ("problem" in params) return { refused: `nothing was started: ${params.problem}` };
  const missing = [...(declared?.values() ?? [])].filter(
    (p) => !p.optional && !Object.hasOwn(params.parameters, p.name),
  );
  if (missing.length > 0)
    return {
      refused: `nothing was started: the pipeline requires ${missing.map((p) => `\`${p.name}\``).join(", ")}; give ${missing.length > 1 ? "them" : "it"} with \`--param name=value\``,
    };

  const experiment = await ensureExperiment(kfp, experimentName);
  const version = await ensureVersion(
    kfp,
    {
      kfpPipelineName: kfpPipelineName(ports.repo, manifest.name),
      pipeline: manifest.name,
      repo: ports.repo,
    },
    source,
    read,
  );
  const pending: TrackedRun = {
    key: request.key,
    pipeline: manifest.name,
    integration: spec.integration,
    experiment: experimentName,
    runId: null,
    requestedBy: request.requestedBy,
    requestedAt: ports.now(),
    state: "CREATING",
    comment: request.issue === null ? null : { issue: request.issue, id: null },
    overrides: [...request.overrides],
    done: false,
    ...(request.trigger ? { trigger: request.trigger } : {}),
  };
  await ports.records.update((r) => {
    if (!r.runs.some((x) => x.key === request.key)) r.runs.push(pending);
  });
  // A run created for this key before a crash (or whose answer was lost) is found by its marker.
  const marker = runKeyMarker(request.key);
  const found = (
    await kfp.listRuns({ experimentId: experiment.id, descriptionContains: marker, pageSize: 10 })
  ).items[0];
  const model = spec.model ? snapshot.manifests.Model.get(spec.model) : undefined;
  const plugin =
    ports.binding === null ? false : ports.binding.integrations?.[spec.integration]?.mlflowPlugin === true;
  const run: KfpRun =
    found ??
    (await kfp.createRun({
      displayName: request.displayName,
      description: request.trigger
        ? `Started by Slipway: monitor ${request.trigger.monitor} in ${request.trigger.environment} (run at ${request.trigger.runAt}). ${marker}`
        : `Started by Slipway for @${request.requestedBy}. ${marker}`,
      experimentId: experiment.id,
      source: { kind: "version", pipelineId: version.pipelineId, versionId: version.versionId },
      parameters: params.parameters as Record<string, never>,
      ...(spec.serviceAccount ? { serviceAccount: spec.serviceAccount } : {}),
      ...(plugin && model?.value.spec.evidence?.experiment
        ? { mlflowExperiment: model.value.spec.evidence.experiment }
        : {}),
    }));
  const record = await ports.records.update((r) => {
    const rec = r.runs.find((x) => x.key === request.key) as TrackedRun;
    rec.runId = run.id;
    rec.state = run.state;
    return { ...rec };
  });
  return {
    started: {
      runId: run.id,
      url: kfp.runUrl(run.id),
      experiment: experimentName,
      parameters: params.parameters,
      existing: found !== undefined,
      record,
    },
  };
}

async function describe(
  kfp: PipelinesPort,
  record: TrackedRun,
  experiment: string,
  existing: boolean,
): Promise<StartedRun> {
  const runId = record.runId as string;
  const run = await kfp.getRun(runId).catch(() => null);
  return {
    runId,
    url: kfp.runUrl(runId),
    experiment,
    parameters: run?.parameters ?? {},
    existing,
    record,
  };
}
