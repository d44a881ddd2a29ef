import { TrackerFault } from "../tracker-fault.ts";
import type { Page, SearchRunsQuery, Tracker } from "../tracker-port.ts";
import type { Experiment, LoggedModel, Run } from "../tracker-types.ts";
import { SearchQueryError } from "./clause-match.ts";
import { UriResolutionError } from "./download-uri.ts";
import { asFault, invalidQuery, notFound, readOnly } from "./local-faults.ts";
import { localRegistry } from "./local-registry.ts";
import type { LocalStore } from "./local-store.ts";
import { maxResults, paginate, readPageToken } from "./page-token.ts";
import { compileRunFilter } from "./run-filter.ts";
import { sortRuns } from "./search-order.ts";

/** Every rejection is a TrackerFault: query errors as INVALID_PARAMETER_VALUE, the rest named by store. */
function guarded<A extends unknown[], T>(where: string, fn: (...args: A) => Promise<T>) {
  return async (...args: A): Promise<T> => {
    try {
      return await fn(...args);
    } catch (error) {
      if (error instanceof TrackerFault) throw error;
      if (error instanceof SearchQueryError) throw invalidQuery(where, error.message);
      if (error instanceof UriResolutionError)
        throw error.missing
          ? notFound(where, error.message)
          : new TrackerFault("invalid", `${where}: ${error.message}.`);
      throw asFault(where, error);
    }
  };
}

const inView = (run: Run, view: SearchRunsQuery["runViewType"] = "ACTIVE_ONLY"): boolean =>
  view === "ALL" || (view === "DELETED_ONLY") === (run.info.lifecycle_stage === "deleted");

/**
 * A read-only Tracker over a local MLflow store. Searches, ordering, pages and faults follow MLflow's
 * stores, so the answers match the REST adapter's; writes are refused with the REST alternative named.
 */
export function localTracker(store: LocalStore): Tracker {
  const where = store.description;
  const registry = localRegistry(store);
  const g = <A extends unknown[], T>(fn: (...args: A) => Promise<T>) => guarded(where, fn);
  const refuse = (operation: string) => async (): Promise<never> => {
    throw readOnly(where, operation);
  };
  return {
    getRun: g(async (runId: string): Promise<Run> => {
      const run = await store.getRun(runId);
      if (!run) throw notFound(where, `Run with id=${runId} not found`);
      return run;
    }),
    searchRuns: g(async (query: SearchRunsQuery): Promise<Page<Run>> => {
      const test = compileRunFilter(query.filter);
      const max = maxResults(query.maxResults, 1000, 50_000);
      const offset = readPageToken(query.pageToken);
      const runs = (await store.listRuns(query.experimentIds)).filter(
        (r) => inView(r, query.runViewType) && test(r),
      );
      return paginate(sortRuns(runs, query.orderBy), offset, max);
    }),
    getExperimentByName: g(async (name: string): Promise<Experiment> => {
      // MLflow prefers the active experiment when a deleted one has the same name.
      const active = (e: Experiment) => (e.lifecycle_stage === "active" ? 0 : 1);
      const found = [...(await store.findExperiments(name))].sort((a, b) => active(a) - active(b));
      if (!found[0]) throw notFound(where, `Could not find experiment with name '${name}'`);
      return found[0];
    }),
    getRegisteredModel: g(registry.getRegisteredModel),
    getModelVersion: g(registry.getModelVersion),
    searchModelVersions: g(registry.searchModelVersions),
    getModelVersionByAlias: g(registry.getModelVersionByAlias),
    getLatestVersions: g(registry.getLatestVersions),
    getDownloadUri: g(registry.getDownloadUri),
    getLoggedModel: g(async (modelId: string): Promise<LoggedModel> => {
      const model = await store.getLoggedModel(modelId);
      if (!model) throw notFound(where, `Logged model with ID '${modelId}' not found.`);
      return model;
    }),
    setAlias: refuse("setting an alias"),
    deleteAlias: refuse("deleting an alias"),
    transitionStage: refuse("a stage transition"),
  };
}
