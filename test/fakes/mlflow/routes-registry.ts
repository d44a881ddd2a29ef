import { invalid, missing, mlflowError, notFound, ok, type Reply } from "./replies.ts";
import { maxResults, type Route, type RouteContext, str, strs } from "./routing.ts";
import { compare, page, parseFilter, readPageToken } from "./search.ts";
import { ensureModel } from "./seed.ts";
import type { FakeMlflowState, ModelState, VersionState } from "./state.ts";

const STAGES = ["None", "Staging", "Production", "Archived"];

/** MLflow canonicalises stage names case-insensitively and rejects others. */
function canonicalStage(stage: string): string | undefined {
  return STAGES.find((s) => s.toLowerCase() === stage.toLowerCase());
}

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

/** Per stage, the highest READY version in it (`get_latest_versions`). */
function latest(state: FakeMlflowState, model: ModelState, stages: readonly string[]) {
  const wanted = stages.length > 0 ? stages : STAGES;
  return wanted.flatMap((stage) => {
    const inStage = model.versions.filter((v) => v.current_stage === stage && v.status === "READY");
    const top = inStage.sort((a, b) => Number(b.version) - Number(a.version))[0];
    return top ? [state.versionJson(model, top)] : [];
  });
}

const VERSION_PREFIXES = { attributes: "attributes", tags: "tags", tag: "tags" };

function versionValue(v: VersionState, kind: string, key: string): string | number | undefined {
  if (kind === "tags") return v.tags.find((t) => t.key === key)?.value;
  if (key === "version_number") return Number(v.version);
  if (key === "source_path") return v.source;
  return (v as unknown as Record<string, string | undefined>)[key];
}

function searchVersions(ctx: RouteContext): Reply {
  const filter = parseFilter(str(ctx, "filter"), VERSION_PREFIXES);
  if (typeof filter === "string") return invalid(filter);
  const max = maxResults(ctx, 1000, 200_000);
  if (typeof max === "string") return invalid(max);
  const offset = readPageToken(str(ctx, "page_token"));
  if (typeof offset === "string") return invalid(offset);
  const all = [...ctx.state.models.values()].flatMap((m) => m.versions.map((v) => ({ m, v })));
  // MLflow's tiebreak: name ASC, then version number DESC.
  const matching = all
    .filter(({ v }) => filter.every((c) => compare(versionValue(v, c.kind, c.key), c.op, c.value)))
    .sort((a, b) => a.v.name.localeCompare(b.v.name) || Number(b.v.version) - Number(a.v.version));
  const { items, next } = page(matching, offset, max);
  const versions = items.map(({ m, v }) => ctx.state.versionJson(m, v));
  return ok({
    ...(versions.length > 0 ? { model_versions: versions } : {}),
    ...(next ? { next_page_token: next } : {}),
  });
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
        : ok({ model_version: ctx.state.versionJson(found.model, found.version) });
    },
  },
  { method: "GET", endpoint: "model-versions/search", handle: searchVersions },
  {
    method: "GET",
    endpoint: "model-versions/get-download-uri",
    handle: (ctx) => {
      const found = findVersion(ctx);
      return "status" in found ? found : ok({ artifact_uri: found.version.source });
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
      model.aliases.delete(alias);
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
        ? ok({ model_version: ctx.state.versionJson(model, version) })
        : notFound(`Registered model alias ${alias} not found.`);
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
