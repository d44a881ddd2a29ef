import type { Experiment, LoggedModel, ModelVersion, RegisteredModel, Run, Stage } from "./tracker-types.ts";

/** One page of a search; `nextPageToken` is absent on the last page, as MLflow omits it. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken?: string;
}

export interface SearchRunsQuery {
  readonly experimentIds: readonly string[];
  /** MLflow's search syntax, e.g. `metrics.f1 > 0.8 AND params.model = 'xgb'`. */
  readonly filter?: string;
  /** e.g. `["metrics.f1 DESC"]`; MLflow defaults to `start_time DESC, run_id`. */
  readonly orderBy?: readonly string[];
  readonly maxResults?: number;
  readonly pageToken?: string;
  readonly runViewType?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
}

export interface SearchModelVersionsQuery {
  /** e.g. `name = 'fraud-detection'` or `run_id = 'abc'`. */
  readonly filter?: string;
  readonly orderBy?: readonly string[];
  readonly maxResults?: number;
  readonly pageToken?: string;
}

/**
 * What Slipway reads from and writes to an experiment tracker. Complete from the start so later
 * features only consume it. Every method rejects with a `TrackerFault` (never another error).
 */
export interface Tracker {
  getRun(runId: string): Promise<Run>;
  searchRuns(query: SearchRunsQuery): Promise<Page<Run>>;
  getExperimentByName(name: string): Promise<Experiment>;

  getRegisteredModel(name: string): Promise<RegisteredModel>;
  getModelVersion(name: string, version: string): Promise<ModelVersion>;
  searchModelVersions(query: SearchModelVersionsQuery): Promise<Page<ModelVersion>>;
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;
  /** Latest READY version per stage (all stages, including "None", when `stages` is empty). */
  getLatestVersions(name: string, stages?: readonly Stage[]): Promise<readonly ModelVersion[]>;
  /** The servable location of a version's artifacts (`get-download-uri`). */
  getDownloadUri(name: string, version: string): Promise<string>;

  /** MLflow 3 logged models (`/logged-models/{model_id}`). */
  getLoggedModel(modelId: string): Promise<LoggedModel>;

  /** Points `alias` at `version`, moving it if another version held it. */
  setAlias(name: string, alias: string, version: string): Promise<void>;
  deleteAlias(name: string, alias: string): Promise<void>;
  /** Legacy stage transition; `archiveExistingVersions` archives the other versions in that stage. */
  transitionStage(
    name: string,
    version: string,
    stage: Stage,
    archiveExistingVersions: boolean,
  ): Promise<ModelVersion>;
}
