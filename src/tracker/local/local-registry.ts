import type { Page, SearchModelVersionsQuery } from "../tracker-port.ts";
import type { ModelVersion, RegisteredModel, Stage } from "../tracker-types.ts";
import { SearchQueryError } from "./clause-match.ts";
import { resolveArtifactUri, type UriLookups } from "./download-uri.ts";
import { notFound } from "./local-faults.ts";
import type { LocalStore, StoredModelVersion, StoredRegisteredModel } from "./local-store.ts";
import { maxResults, paginate, readPageToken } from "./page-token.ts";
import { sortVersions } from "./search-order.ts";
import { compileVersionFilter } from "./version-filter.ts";

const STAGES: readonly Stage[] = ["None", "Staging", "Production", "Archived"];

/** MLflow canonicalises stage names case-insensitively (`get_canonical_stage`) and refuses others. */
function canonicalStage(stage: string): Stage {
  const found = STAGES.find((s) => s.toLowerCase() === stage.toLowerCase());
  if (!found)
    throw new SearchQueryError(`Invalid Model Version stage: ${stage}. Use one of ${STAGES.join(", ")}.`);
  return found;
}

function withAliases(model: StoredRegisteredModel, v: StoredModelVersion): ModelVersion {
  const { storage_location: _, ...version } = v;
  return { ...version, aliases: model.aliases.filter((a) => a.version === v.version).map((a) => a.alias) };
}

/** Per stage, the highest READY version in it, in the order the stages were asked for. */
function latest(
  model: StoredRegisteredModel,
  versions: readonly StoredModelVersion[],
  stages: readonly Stage[],
) {
  return (stages.length > 0 ? stages : STAGES).flatMap((stage) => {
    const top = versions
      .filter((v) => v.current_stage === stage && v.status === "READY")
      .sort((a, b) => Number(b.version) - Number(a.version))[0];
    return top ? [withAliases(model, top)] : [];
  });
}

/** The registry half of a local Tracker; `store.description` prefixes every fault. */
export function localRegistry(store: LocalStore) {
  const where = store.description;
  async function model(name: string): Promise<StoredRegisteredModel> {
    const found = await store.getRegisteredModel(name);
    if (!found) throw notFound(where, `Registered Model with name=${name} not found`);
    return found;
  }
  async function version(name: string, number: string): Promise<StoredModelVersion> {
    if (!/^\d+$/.test(number))
      throw new SearchQueryError(`Parameter 'version' must be an integer, got ${JSON.stringify(number)}.`);
    const found = (await store.listModelVersions(name)).find((v) => Number(v.version) === Number(number));
    if (!found) throw notFound(where, `Model Version (name=${name}, version=${number}) not found`);
    return found;
  }
  const lookups: UriLookups = {
    runArtifactUri: async (runId) => (await store.getRun(runId))?.info.artifact_uri,
    loggedModelArtifactUri: async (id) => (await store.getLoggedModel(id))?.artifact_uri,
    registeredUri: async (ref) => {
      const versions = await store.listModelVersions(ref.name);
      let target: StoredModelVersion | undefined;
      if (ref.kind === "version") target = versions.find((v) => Number(v.version) === Number(ref.version));
      else if (ref.kind === "alias") {
        const entry = (await store.getRegisteredModel(ref.name))?.aliases.find((a) => a.alias === ref.alias);
        target = versions.find((v) => v.version === entry?.version);
      } else {
        const pool = ref.kind === "stage" ? versions.filter((v) => v.current_stage === ref.stage) : versions;
        target = [...pool].sort((a, b) => Number(b.version) - Number(a.version))[0];
      }
      return target ? (target.storage_location ?? target.source) : undefined;
    },
  };

  /** MLflow 3 answers a version with its logged model's metrics (`model_metrics`); so do local stores. */
  async function withModelMetrics(v: ModelVersion): Promise<ModelVersion> {
    const metrics = v.model_id ? ((await store.getLoggedModel(v.model_id))?.metrics ?? []) : [];
    return metrics.length > 0 ? { ...v, model_metrics: metrics } : v;
  }

  return {
    async getRegisteredModel(name: string): Promise<RegisteredModel> {
      const m = await model(name);
      return {
        name: m.name,
        ...(m.description === undefined ? {} : { description: m.description }),
        latest_versions: latest(m, await store.listModelVersions(name), []),
        tags: m.tags,
        aliases: m.aliases,
      };
    },
    async getModelVersion(name: string, number: string): Promise<ModelVersion> {
      return withModelMetrics(withAliases(await model(name), await version(name, number)));
    },
    async searchModelVersions(query: SearchModelVersionsQuery): Promise<Page<ModelVersion>> {
      const filter = compileVersionFilter(query.filter);
      const max = maxResults(query.maxResults, 1000, 200_000);
      const offset = readPageToken(query.pageToken);
      const matching = (await store.listModelVersions(filter.exactName)).filter(filter.test);
      const page = paginate(sortVersions(matching, query.orderBy), offset, max);
      const models = new Map<string, StoredRegisteredModel>();
      for (const v of page.items) if (!models.has(v.name)) models.set(v.name, await model(v.name));
      const items = page.items.map((v) => withAliases(models.get(v.name) as StoredRegisteredModel, v));
      return page.nextPageToken ? { items, nextPageToken: page.nextPageToken } : { items };
    },
    async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
      const m = await model(name);
      const entry = m.aliases.find((a) => a.alias === alias);
      const target = entry && (await store.listModelVersions(name)).find((v) => v.version === entry.version);
      if (!target) throw notFound(where, `Registered model alias ${alias} not found.`);
      return withModelMetrics(withAliases(m, target));
    },
    async getLatestVersions(name: string, stages: readonly Stage[] = []): Promise<readonly ModelVersion[]> {
      const wanted = stages.map(canonicalStage);
      return latest(await model(name), await store.listModelVersions(name), wanted);
    },
    /** The version's storage location (or source), followed through `runs:/` and `models:/` URIs. */
    async getDownloadUri(name: string, number: string): Promise<string> {
      await model(name);
      const v = await version(name, number);
      const uri = v.storage_location ?? v.source;
      if (!uri) throw notFound(where, `Model Version (name=${name}, version=${number}) has no source`);
      return resolveArtifactUri(uri, lookups);
    },
  };
}
