import { canonicalStage, latest, STAGES, searchVersions } from "./registry-search.ts";
import { invalid, missing, mlflowError, notFound, ok, type Reply } from "./replies.ts";
import { type Route, type RouteContext, str, strs } from "./routing.ts";
import { addModelVersion, ensureModel } from "./seed.ts";
import type { ModelState, VersionState } from "./state.ts";

function findModel(ctx: RouteContext): ModelState | Reply {
  const name = str(ctx, "name");
  if (!name) return missing("name");
  return ctx.state.models.get(name) ?? notFound(`Registered Model with name=${name} not found`);
}

function findVersion(ctx: RouteContext): { model: ModelState; version: VersionState } | Reply {
  const model = findModel(ctx);
  if ("status" in model) return model;
  const number = str(ctx, "version");
  if (!number) return missing("version");
  const version = model.versions.find((v) => v.version === number);
  return version
    ? { model, version }
    : notFound(`Model Version (name=${model.name}, version=${number}) not found`);
}

/**
 * MLflow stores a version's `storage_location` at registration: a `runs:/<id>/<path>` source resolves to
 * the run's artifact URI + path, `models:/<model_id>` to the logged model's; other sources stay as given.
 * `get-download-uri` answers with it.
 */
function storageLocation(ctx: RouteContext, source: string): string {
  const runs = /^runs:\/([^/]+)\/(.*)$/.exec(source);
  if (runs) {
    const run = ctx.state.runs.get(runs[1] ?? "");
    if (run) return `${run.info.artifact_uri}/${runs[2]}`;
  }
  const logged = /^models:\/(m-[^/]+)$/.exec(source);
  if (logged) {
    const model = ctx.state.loggedModels.get(logged[1] ?? "");
    if (model) return model.info.artifact_uri;
  }
  return source;
}

export const registryRoutes: readonly Route[] = [
  {
    method: "GET",
    endpoint: "registered-models/get",
    handle: (ctx) => {
      const model = findModel(ctx);
      if ("status" in model) return model;
      const aliases = [...model.aliases].map(([alias, version]) => ({ alias, version }));
      const { versions: _, aliases: __, ...rest } = model;
      const latestVersions = latest(ctx.state, model, []);
      return ok({
        registered_model: {
          ...rest,
          latest_versions: latestVersions,
          ...(aliases.length ? { aliases } : {}),
        },
      });
    },
  },
  ...(["GET", "POST"] as const).map(
    (method): Route => ({
      method,
      endpoint: "registered-models/get-latest-versions",
      handle: (ctx) => {
        const model = findModel(ctx);
        if ("status" in model) return model;
        const stages = strs(ctx, "stages").map((s) => canonicalStage(s) ?? s);
        const bad = stages.find((s) => !STAGES.includes(s));
        if (bad)
          return invalid(`Invalid Model Version stage: ${bad}. Value must be one of ${STAGES.join(", ")}.`);
        return ok({ model_versions: latest(ctx.state, model, stages) });
      },
    }),
  ),
  {
    method: "GET",
    endpoint: "model-versions/get",
    handle: (ctx) => {
      const found = findVersion(ctx);
      return "status" in found
        ? found
        : ok({ model_version: ctx.state.versionWithMetrics(found.model, found.version) });
    },
  },
  { method: "GET", endpoint: "model-versions/search", handle: searchVersions },
  {
    method: "GET",
    endpoint: "model-versions/get-download-uri",
    handle: (ctx) => {
      const found = findVersion(ctx);
      return "status" in found ? found : ok({ artifact_uri: storageLocation(ctx, found.version.source) });
    },
  },
  {
    method: "POST",
    endpoint: "model-versions/transition-stage",
    handle: (ctx) => {
      const found = findVersion(ctx);
      if ("status" in found) return found;
      const stage = canonicalStage(str(ctx, "stage") ?? "");
      if (!stage) return invalid(`Invalid Model Version stage: ${str(ctx, "stage") ?? ""}.`);
      const archive = ctx.params.archive_existing_versions;
      if (typeof archive !== "boolean") return missing("archive_existing_versions");
      // archive_existing_versions only applies when moving into Staging or Production.
      if (archive && (stage === "Staging" || stage === "Production"))
        for (const other of found.model.versions)
          if (other !== found.version && other.current_stage === stage) other.current_stage = "Archived";
      found.version.current_stage = stage;
      found.version.last_updated_timestamp = ctx.state.now();
      return ok({ model_version: ctx.state.versionJson(found.model, found.version) });
    },
  },
  {
    method: "POST",
    endpoint: "registered-models/alias",
    handle: (ctx) => {
      const found = findVersion(ctx);
      if ("status" in found) return found;
      const alias = str(ctx, "alias");
      if (!alias) return missing("alias");
      // "latest" and "v<n>" are reserved: `models:/name@latest` and version references.
      if (alias.toLowerCase() === "latest" || /^v\d+$/i.test(alias))
        return invalid(`'${alias}' alias name (case insensitive) is reserved.`);
      found.model.aliases.set(alias, found.version.version);
      ctx.state.emit("model_version_alias.created", {
        name: found.model.name,
        alias,
        version: found.version.version,
      });
      return ok({});
    },
  },
  {
    method: "DELETE",
    endpoint: "registered-models/alias",
    handle: (ctx) => {
      const model = findModel(ctx);
      if ("status" in model) return model;
      const alias = str(ctx, "alias");
      if (!alias) return missing("alias");
      const had = model.aliases.delete(alias);
      if (had) ctx.state.emit("model_version_alias.deleted", { name: model.name, alias });
      return ok({});
    },
  },
  {
    method: "GET",
    endpoint: "registered-models/alias",
    handle: (ctx) => {
      const model = findModel(ctx);
      if ("status" in model) return model;
      const alias = str(ctx, "alias") ?? "";
      const version = model.versions.find((v) => v.version === model.aliases.get(alias));
      return version
        ? ok({ model_version: ctx.state.versionWithMetrics(model, version) })
        : notFound(`Registered model alias ${alias} not found.`);
    },
  },
  {
    method: "POST",
    endpoint: "model-versions/create",
    handle: (ctx) => {
      const name = str(ctx, "name");
      const source = str(ctx, "source");
      if (!name) return missing("name");
      if (!source) return missing("source");
      const model = ctx.state.models.get(name);
      if (!model) return notFound(`Registered Model with name=${name} not found`);
      const runId = str(ctx, "run_id");
      if (runId && !ctx.state.runs.has(runId)) return notFound(`Run with id=${runId} not found`);
      const tags = Array.isArray(ctx.params.tags)
        ? (ctx.params.tags as { key: string; value: string }[])
        : [];
      const version = addModelVersion(ctx.state, { name, source, ...(runId ? { runId } : {}) });
      version.tags.push(...tags);
      version.description = str(ctx, "description") ?? "";
      ctx.state.emit("model_version.created", {
        name,
        version: version.version,
        source,
        run_id: runId ?? null,
        tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
        description: version.description || null,
      });
      return ok({ model_version: ctx.state.versionJson(model, version) });
    },
  },
  {
    method: "POST",
    endpoint: "registered-models/create",
    handle: (ctx) => {
      const name = str(ctx, "name");
      if (!name) return missing("name");
      if (ctx.state.models.has(name))
        return mlflowError("RESOURCE_ALREADY_EXISTS", `Registered Model (name=${name}) already exists.`);
      const { versions: _, aliases: __, ...created } = ensureModel(ctx.state, name);
      return ok({ registered_model: created });
    },
  },
];
