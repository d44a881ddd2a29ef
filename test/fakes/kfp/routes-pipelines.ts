import { isReply, listPage } from "./list.ts";
import { grpcError, invalid, notFound, ok, type Reply, uploadError } from "./replies.ts";
import { field, type Route, type RouteContext } from "./routing.ts";
import { specFromYaml } from "./specs.ts";
import type { PipelineState, VersionState } from "./state.ts";
import { unknownFields } from "./strict-body.ts";

/** KFP's `common.MaxFileLength`: uploads above 32 MiB are refused. */
const MAX_FILE_BYTES = 32 << 20;
const PIPELINE_FIELDS = [
  "pipeline_id",
  "display_name",
  "name",
  "description",
  "created_at",
  "namespace",
  "error",
  "tags",
];

function readablePipeline(ctx: RouteContext, id: string, verb = "get"): PipelineState | Reply {
  const pipeline = ctx.state.pipelines.get(id);
  if (!pipeline) return notFound(`Failed to get pipeline: Pipeline ${id} not found`);
  return ctx.authorize(pipeline.namespace, verb, "pipelines") ?? pipeline;
}

function versionJson(v: VersionState, withSpec: boolean) {
  const { pipeline_spec, ...rest } = v;
  return withSpec ? v : rest;
}

function createPipeline(ctx: RouteContext): Reply {
  const bad = unknownFields(ctx.body, PIPELINE_FIELDS);
  if (bad) return bad;
  const name = field(ctx, "name") ?? field(ctx, "display_name");
  if (!name) return invalid("Invalid input error: Pipeline name is empty. Please specify a valid name");
  if (name.length > 128) return invalid("Invalid input error: Pipeline.Name length cannot exceed 128");
  const namespace = field(ctx, "namespace");
  const denied = ctx.authorize(namespace, "create", "pipelines");
  if (denied) return denied;
  for (const p of ctx.state.pipelines.values())
    if (p.name === name && p.namespace === namespace)
      return grpcError(
        "ALREADY_EXISTS",
        `Failed to create a pipeline. Pipeline with name ${name} already exists`,
      );
  const pipeline: PipelineState = {
    pipeline_id: ctx.state.id(),
    name,
    display_name: field(ctx, "display_name") ?? name,
    ...(field(ctx, "description") ? { description: field(ctx, "description") as string } : {}),
    ...(namespace ? { namespace } : {}),
    created_at: ctx.state.now(),
  };
  ctx.state.pipelines.set(pipeline.pipeline_id, pipeline);
  return ok(pipeline);
}

/** POST pipelines/upload_version: multipart `uploadfile`, `pipelineid` and `name` in the query. */
function uploadVersion(ctx: RouteContext): Reply {
  const failed = "Failed to create a pipeline version";
  const file = ctx.form?.files.uploadfile;
  if (!file) return uploadError(400, failed, `${failed}: http: no such file`);
  if (file.content.length > MAX_FILE_BYTES) return uploadError(400, failed, `${failed}: file is too large`);
  const pipelineId = ctx.query.pipelineid;
  if (!pipelineId) return uploadError(400, failed, `${failed}: Error reading pipeline id`);
  const pipeline = ctx.state.pipelines.get(pipelineId);
  if (!pipeline)
    return uploadError(400, failed, `${failed}: Error reading namespace: pipeline ${pipelineId} not found`);
  const denied = ctx.authorize(pipeline.namespace, "create", "pipelines");
  // The upload handler reports an authorization failure as a 400 with its own body (`canUploadVersionedPipeline`).
  if (denied) return uploadError(400, failed, `${failed}: Authorization Failure`);
  const name = ctx.query.name || ctx.query.display_name || file.filename.replace(/\.(ya?ml|json)$/i, "");
  if (name.length > 127) return { status: 400, raw: "PipelineVersion.Name length cannot exceed 127\n" };
  const spec = specFromYaml(file.content.toString("utf8"));
  if (typeof spec === "string") return uploadError(400, spec);
  for (const v of ctx.state.versions.values())
    if (v.pipeline_id === pipelineId && v.name === name)
      return uploadError(409, failed, `${failed}: already exists`);
  const version: VersionState = {
    pipeline_id: pipelineId,
    pipeline_version_id: ctx.state.id(),
    name,
    display_name: ctx.query.display_name || name,
    ...(ctx.query.description ? { description: ctx.query.description } : {}),
    created_at: ctx.state.now(),
    pipeline_spec: spec,
  };
  ctx.state.versions.set(version.pipeline_version_id, version);
  return ok(version);
}

function listVersions(ctx: RouteContext): Reply {
  const pipeline = readablePipeline(ctx, ctx.params.pipeline_id as string, "list");
  if (isReply(pipeline)) return pipeline;
  const all = [...ctx.state.versions.values()].filter((v) => v.pipeline_id === pipeline.pipeline_id);
  const page = listPage(ctx, all.map((v) => versionJson(v, true)) as Record<string, unknown>[], [
    "name",
    "display_name",
    "description",
  ]);
  if (isReply(page)) return page;
  return ok({
    ...(page.items.length > 0 ? { pipeline_versions: page.items } : {}),
    ...(page.total > 0 ? { total_size: page.total } : {}),
    ...(page.next ? { next_page_token: page.next } : {}),
  });
}

function byName(ctx: RouteContext): Reply {
  const name = ctx.params.name as string;
  const namespace = ctx.query.namespace || undefined;
  const denied = ctx.authorize(namespace, "get", "pipelines");
  if (denied) return denied;
  for (const p of ctx.state.pipelines.values())
    if (p.name === name && p.namespace === namespace) return ok(p);
  return notFound(
    `Failed to get a pipeline with name ${name} and namespace ${namespace ?? ""}: ResourceNotFoundError: Namespace/Pipeline ${namespace ?? ""}/${name} not found`,
  );
}

function listPipelines(ctx: RouteContext): Reply {
  const namespace = ctx.query.namespace || undefined;
  const denied = ctx.authorize(namespace, "list", "pipelines");
  if (denied) return denied;
  const all = [...ctx.state.pipelines.values()].filter((p) => p.namespace === namespace);
  const page = listPage(ctx, all as unknown as Record<string, unknown>[], [
    "name",
    "display_name",
    "description",
  ]);
  if (isReply(page)) return page;
  return ok({
    ...(page.items.length > 0 ? { pipelines: page.items } : {}),
    ...(page.total > 0 ? { total_size: page.total } : {}),
    ...(page.next ? { next_page_token: page.next } : {}),
  });
}

export const pipelineRoutes: readonly Route[] = [
  { method: "POST", template: "pipelines/upload_version", handle: uploadVersion },
  { method: "POST", template: "pipelines", handle: createPipeline },
  { method: "GET", template: "pipelines", handle: listPipelines },
  { method: "GET", template: "pipelines/names/{name}", handle: byName },
  {
    method: "GET",
    template: "pipelines/{pipeline_id}",
    handle: (ctx) => {
      const found = readablePipeline(ctx, ctx.params.pipeline_id as string);
      return isReply(found) ? found : ok(found);
    },
  },
  { method: "GET", template: "pipelines/{pipeline_id}/versions", handle: listVersions },
  {
    method: "GET",
    template: "pipelines/{pipeline_id}/versions/{version_id}",
    handle: (ctx) => {
      const pipeline = readablePipeline(ctx, ctx.params.pipeline_id as string);
      if (isReply(pipeline)) return pipeline;
      const version = ctx.state.versions.get(ctx.params.version_id as string);
      if (!version || version.pipeline_id !== pipeline.pipeline_id)
        return notFound(`Failed to get pipeline version: PipelineVersion ${ctx.params.version_id} not found`);
      return ok(versionJson(version, true));
    },
  },
];
