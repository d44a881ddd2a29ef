/**
 * Plain data the tracker port speaks, named and shaped as MLflow's REST API returns it (protobuf JSON
 * with snake_case names), so a reader who knows MLflow recognises every field. int64 values are numbers.
 */

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** The latest value of a metric on a run (`RunData.metrics` keeps one entry per key). */
export interface Metric {
  readonly key: string;
  /** NaN and ±Infinity arrive as the strings "NaN"/"Infinity" in protobuf JSON; they are numbers here. */
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
  /** MLflow 3: the dataset the value was computed on (`log_metric(…, dataset=…)`), when recorded. */
  readonly dataset_name?: string;
  readonly dataset_digest?: string;
  /** MLflow 3: the run and logged model the value belongs to. */
  readonly run_id?: string;
  readonly model_id?: string;
}

export interface Dataset {
  readonly name: string;
  /** MLflow's content hash of the dataset; runs evaluated on different digests are not comparable. */
  readonly digest: string;
  readonly source_type?: string;
  readonly source?: string;
  readonly schema?: string;
  readonly profile?: string;
}

export interface DatasetInput {
  /** e.g. `mlflow.data.context` = "training" | "evaluation". */
  readonly tags: readonly KeyValue[];
  readonly dataset: Dataset;
}

export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

export interface RunInfo {
  readonly run_id: string;
  readonly run_name?: string;
  readonly experiment_id: string;
  readonly user_id?: string;
  readonly status: RunStatus;
  readonly start_time?: number;
  readonly end_time?: number;
  readonly artifact_uri?: string;
  readonly lifecycle_stage: string;
}

export interface Run {
  readonly info: RunInfo;
  readonly data: {
    readonly metrics: readonly Metric[];
    readonly params: readonly KeyValue[];
    readonly tags: readonly KeyValue[];
  };
  readonly inputs: { readonly dataset_inputs: readonly DatasetInput[] };
}

export interface Experiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location?: string;
  readonly lifecycle_stage: string;
  readonly tags: readonly KeyValue[];
}

export type ModelVersionStatus = "READY" | "PENDING_REGISTRATION" | "FAILED_REGISTRATION";

/** Legacy registry stages; deprecated since MLflow 2.9 in favour of aliases but still served in 3.x. */
export type Stage = "None" | "Staging" | "Production" | "Archived";

export interface ModelVersion {
  readonly name: string;
  /** A string in MLflow's protocol ("3"), although it counts up. */
  readonly version: string;
  readonly status: ModelVersionStatus;
  readonly status_message?: string;
  readonly current_stage: string;
  readonly run_id?: string;
  readonly source?: string;
  readonly aliases: readonly string[];
  readonly tags: readonly KeyValue[];
  /** MLflow 3: the logged model this version registers. */
  readonly model_id?: string;
  /** MLflow 3: the registered logged model's metrics, each with the dataset it was computed on. */
  readonly model_metrics?: readonly Metric[];
  readonly creation_timestamp?: number;
  readonly last_updated_timestamp?: number;
}

export interface RegisteredModel {
  readonly name: string;
  readonly description?: string;
  readonly latest_versions: readonly ModelVersion[];
  readonly tags: readonly KeyValue[];
  readonly aliases: readonly { readonly alias: string; readonly version: string }[];
}

export type LoggedModelStatus =
  | "LOGGED_MODEL_STATUS_UNSPECIFIED"
  | "LOGGED_MODEL_PENDING"
  | "LOGGED_MODEL_READY"
  | "LOGGED_MODEL_UPLOAD_FAILED";

/** MLflow 3's first-class model (`LoggedModel` = `info` + `data`), flattened to what Slipway reads. */
export interface LoggedModel {
  readonly model_id: string;
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_uri: string;
  readonly status: LoggedModelStatus;
  readonly source_run_id?: string;
  readonly model_type?: string;
  readonly tags: readonly KeyValue[];
  readonly params: readonly KeyValue[];
  readonly metrics: readonly Metric[];
}
