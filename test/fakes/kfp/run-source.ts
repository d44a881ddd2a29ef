import { isReply } from "./list.ts";
import { invalid, notFound, type Reply } from "./replies.ts";
import { readableExperiment } from "./routes-experiments.ts";
import { field, type RouteContext } from "./routing.ts";
import { unrecognizedParameter } from "./specs.ts";
import type { ExperimentState, VersionState } from "./state.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export interface ResolvedSource {
  experiment: ExperimentState;
  reference?: { pipeline_id: string; pipeline_version_id: string };
  spec?: Json;
  parameters: Json;
  serviceAccount: string;
}

/** The experiment of a new run or recurring run: named, or (single-user only) the default one. */
function experimentOf(ctx: RouteContext, what: string): ExperimentState | Reply {
  const id = field(ctx, "experiment_id");
  if (!id) {
    if (ctx.multiUser)
      return invalid("Invalid input error: Experiment id can not be empty in multi-user mode");
    const existing = [...ctx.state.experiments.values()].find((e) => e.display_name === "Default");
    if (existing) return existing;
    const created: ExperimentState = {
      experiment_id: ctx.state.id(),
      display_name: "Default",
      storage_state: "AVAILABLE",
      created_at: ctx.state.now(),
    };
    ctx.state.experiments.set(created.experiment_id, created);
    return created;
  }
  const experiment = readableExperiment(ctx, id, "create");
  if (isReply(experiment)) return experiment;
  if (experiment.storage_state === "ARCHIVED")
    return invalid(`Invalid input error: Failed to create a ${what} as experiment ${id} is archived`);
  return experiment;
}

function latestVersion(ctx: RouteContext, pipelineId: string): VersionState | undefined {
  return [...ctx.state.versions.values()].filter((v) => v.pipeline_id === pipelineId).at(-1);
}

/**
 * What a new run or recurring run runs, checked as KFP checks it: one pipeline source, a known version
 * (latest when only the pipeline is named), parameters the pipeline declares, a service account.
 */
export function resolveSource(ctx: RouteContext, what: "run" | "recurring run"): ResolvedSource | Reply {
  const experiment = experimentOf(ctx, what);
  if (isReply(experiment)) return experiment;
  const denied = ctx.authorize(experiment.namespace, "create", what === "run" ? "runs" : "jobs");
  if (denied) return denied;
  const ref = ctx.body.pipeline_version_reference;
  const inline = ctx.body.pipeline_spec;
  if ((ref === undefined) === (inline === undefined) || ctx.body.pipeline_version_id !== undefined)
    return invalid(
      `Invalid input error: Failed to create a ${what}: exactly one of pipeline_version_reference and pipeline_spec is required`,
    );
  let reference: ResolvedSource["reference"];
  let stored: Json;
  if (ref !== undefined) {
    if (!isObject(ref) || typeof ref.pipeline_id !== "string" || ref.pipeline_id === "")
      return invalid("Invalid input error: pipeline_version_reference needs a pipeline_id");
    const pipeline = ctx.state.pipelines.get(ref.pipeline_id);
    if (!pipeline) return notFound(`Failed to fetch pipeline: Pipeline ${ref.pipeline_id} not found`);
    const version =
      typeof ref.pipeline_version_id === "string" && ref.pipeline_version_id !== ""
        ? ctx.state.versions.get(ref.pipeline_version_id)
        : latestVersion(ctx, ref.pipeline_id);
    if (!version || version.pipeline_id !== pipeline.pipeline_id)
      return notFound(
        `Failed to fetch pipeline version: PipelineVersion ${String(ref.pipeline_version_id ?? "(latest)")} not found`,
      );
    reference = { pipeline_id: pipeline.pipeline_id, pipeline_version_id: version.pipeline_version_id };
    stored = version.pipeline_spec;
  } else {
    if (!isObject(inline)) return invalid("Invalid input error: pipeline_spec is not a struct");
    stored = inline;
  }
  const runtime = ctx.body.runtime_config;
  if (runtime !== undefined && !isObject(runtime)) return invalid("proto: runtime_config is not an object");
  const parameters = runtime?.parameters ?? {};
  if (!isObject(parameters)) return invalid("proto: runtime_config.parameters is not an object");
  const unrecognized = unrecognizedParameter(stored, parameters);
  if (unrecognized) return invalid(unrecognized);
  // KFP's default accounts: `default-editor` in a profile namespace, `pipeline-runner` otherwise.
  const serviceAccount =
    field(ctx, "service_account") ?? (ctx.multiUser ? "default-editor" : "pipeline-runner");
  return {
    experiment,
    ...(reference ? { reference } : { spec: stored }),
    parameters,
    serviceAccount,
  };
}
