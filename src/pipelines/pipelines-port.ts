import type { CompiledPackage } from "../manifests/compiled-package.ts";

/** A parameter value as KFP's `runtime_config.parameters` carries it (a protobuf `Value`). */
export type ParameterValue = string | number | boolean | null | readonly ParameterValue[] | ParameterStruct;
export interface ParameterStruct {
  readonly [key: string]: ParameterValue;
}
export type Parameters = Readonly<Record<string, ParameterValue>>;

/** One page of a listing; `nextPageToken` is absent on the last page, as KFP omits it. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken?: string;
}

export interface KfpExperiment {
  readonly id: string;
  readonly displayName: string;
  readonly namespace?: string;
  readonly archived: boolean;
}

export interface KfpPipeline {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly namespace?: string;
}

export interface KfpPipelineVersion {
  readonly id: string;
  readonly pipelineId: string;
  readonly name: string;
  readonly displayName: string;
  readonly description?: string;
  readonly createdAt?: string;
}

/** `RuntimeState` of KFP's v2beta1 runs. */
export type RunState =
  | "RUNTIME_STATE_UNSPECIFIED"
  | "PENDING"
  | "RUNNING"
  | "SUCCEEDED"
  | "SKIPPED"
  | "FAILED"
  | "CANCELING"
  | "CANCELED"
  | "PAUSED";

export const TERMINAL_STATES: ReadonlySet<RunState> = new Set(["SUCCEEDED", "SKIPPED", "FAILED", "CANCELED"]);

/** What a run's pipeline is: a version uploaded before (latest when `versionId` is absent), or the IR itself. */
export type PipelineSource =
  | { readonly kind: "version"; readonly pipelineId: string; readonly versionId?: string }
  | { readonly kind: "spec"; readonly package: CompiledPackage };

/** KFP's MLflow plugin as reported on a run (`plugins_output.mlflow`). */
export interface MlflowLink {
  readonly experimentId?: string;
  readonly experimentName?: string;
  /** The MLflow parent run KFP created for this run (`root_run_id`). */
  readonly runId?: string;
  readonly runUrl?: string;
  readonly state?: "PLUGIN_RUNNING" | "PLUGIN_SUCCEEDED" | "PLUGIN_FAILED" | "PLUGIN_STATE_UNSPECIFIED";
  readonly stateMessage?: string;
}

export interface FailedTask {
  readonly name: string;
  readonly message?: string;
}

export interface KfpRun {
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  readonly experimentId?: string;
  readonly recurringRunId?: string;
  readonly state: RunState;
  readonly createdAt?: string;
  readonly finishedAt?: string;
  readonly serviceAccount?: string;
  readonly parameters: Parameters;
  /** The run's own error (`error.message`), when KFP reported one. */
  readonly error?: string;
  /** Tasks that ended FAILED, in the order KFP listed them. */
  readonly failedTasks: readonly FailedTask[];
  readonly mlflow?: MlflowLink;
}

export interface RunRequest {
  readonly displayName: string;
  readonly description?: string;
  /** Mandatory in multi-user installs: it fixes the run's namespace. */
  readonly experimentId: string;
  readonly source: PipelineSource;
  readonly parameters: Parameters;
  readonly serviceAccount?: string;
  /** Passed as KFP's MLflow plugin input (`plugins_input.mlflow.experiment_name`). */
  readonly mlflowExperiment?: string;
}

export interface RecurringRunRequest extends RunRequest {
  /** KFP's cron (robfig/cron v1: six fields, seconds first, or a descriptor). */
  readonly cron: string;
  readonly maxConcurrency: number;
  readonly noCatchup: boolean;
  readonly enabled: boolean;
}

export interface KfpRecurringRun {
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  readonly experimentId?: string;
  readonly namespace?: string;
  /** The pipeline version it runs; absent when it was created from an inline spec. */
  readonly pipelineId?: string;
  readonly versionId?: string;
  readonly parameters: Parameters;
  readonly serviceAccount?: string;
  readonly cron?: string;
  readonly intervalSeconds?: number;
  readonly maxConcurrency: number;
  readonly noCatchup: boolean;
  readonly enabled: boolean;
  readonly mlflowExperiment?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export interface ListQuery {
  readonly experimentId?: string;
  /** Exact display name (a `display_name EQUALS` filter). */
  readonly displayName?: string;
  /** Runs whose description contains this text (an `IS_SUBSTRING` filter). */
  readonly descriptionContains?: string;
  readonly pageToken?: string;
  readonly pageSize?: number;
}

/**
 * What Slipway does in Kubeflow Pipelines (API v2beta1), in the integration's namespace when it is a
 * multi-user install. Every method rejects with a `PipelinesFault` (never another error).
 */
export interface PipelinesPort {
  /** The bound namespace (multi-user installs), or undefined for a single-user install. */
  readonly namespace: string | undefined;

  findExperiment(displayName: string): Promise<KfpExperiment | null>;
  createExperiment(displayName: string, description?: string): Promise<KfpExperiment>;

  findPipeline(name: string): Promise<KfpPipeline | null>;
  findPipelineVersion(pipelineId: string, name: string): Promise<KfpPipelineVersion | null>;
  /** The most recently created version of a pipeline, or null when it has none. */
  latestPipelineVersion(pipelineId: string): Promise<KfpPipelineVersion | null>;
  /** Creates an empty pipeline named `name`; its versions are uploaded with `uploadPipelineVersion`. */
  createPipeline(name: string, description?: string): Promise<KfpPipeline>;
  /** Uploads a compiled pipeline file as version `name` of a pipeline (multipart `uploadfile`). */
  uploadPipelineVersion(
    pipelineId: string,
    name: string,
    file: Uint8Array,
    description?: string,
  ): Promise<KfpPipelineVersion>;

  createRun(request: RunRequest): Promise<KfpRun>;
  getRun(runId: string): Promise<KfpRun>;
  listRuns(query: ListQuery): Promise<Page<KfpRun>>;
  terminateRun(runId: string): Promise<void>;

  createRecurringRun(request: RecurringRunRequest): Promise<KfpRecurringRun>;
  /** Null when KFP does not know the id (deleted). */
  getRecurringRun(id: string): Promise<KfpRecurringRun | null>;
  listRecurringRuns(query: ListQuery): Promise<Page<KfpRecurringRun>>;
  enableRecurringRun(id: string): Promise<void>;
  disableRecurringRun(id: string): Promise<void>;
  /** Deleting an id KFP no longer knows is not a fault: the end state is the same. */
  deleteRecurringRun(id: string): Promise<void>;

  /** Links into the KFP UI (no credentials). */
  runUrl(runId: string): string;
  recurringRunUrl(id: string): string;
}
