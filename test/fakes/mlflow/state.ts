import { randomBytes } from "node:crypto";
import type { WebhookState } from "./webhooks.ts";

type KeyValue = { key: string; value: string };

/** Stored in MLflow's JSON shapes, so routes answer with (copies of) them directly. */
export interface ExperimentState {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: "active" | "deleted";
  creation_time: number;
  last_update_time: number;
  tags: KeyValue[];
}

export interface RunState {
  info: {
    run_id: string;
    run_uuid: string;
    run_name: string;
    experiment_id: string;
    user_id: string;
    status: string;
    start_time: number;
    end_time?: number;
    artifact_uri: string;
    lifecycle_stage: "active" | "deleted";
  };
  data: {
    metrics: { key: string; value: number; timestamp: number; step: number }[];
    params: KeyValue[];
    tags: KeyValue[];
  };
  inputs: { dataset_inputs: { tags: KeyValue[]; dataset: Record<string, string> }[] };
}

export interface VersionState {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: string;
  description: string;
  source: string;
  run_id: string;
  status: string;
  status_message?: string;
  tags: KeyValue[];
  model_id?: string;
}

export interface ModelState {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  tags: KeyValue[];
  versions: VersionState[];
  /** alias → version */
  aliases: Map<string, string>;
}

export interface LoggedModelState {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    artifact_uri: string;
    status: string;
    source_run_id?: string;
    creation_timestamp_ms: number;
    last_updated_timestamp_ms: number;
    tags: KeyValue[];
  };
  data: { params: KeyValue[]; metrics: LoggedModelMetricState[] };
}

/** MLflow 3's Metric: a logged model's value carries its run and, when logged with one, its dataset. */
export interface LoggedModelMetricState {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  run_id?: string;
  model_id?: string;
  dataset_name?: string;
  dataset_digest?: string;
}

export class FakeMlflowState {
  readonly experiments: ExperimentState[] = [];
  readonly runs = new Map<string, RunState>();
  readonly models = new Map<string, ModelState>();
  readonly loggedModels = new Map<string, LoggedModelState>();
  /** Files the artifact proxy serves, by path below the artifact root (`1/<run>/artifacts/model/MLmodel`). */
  readonly artifacts = new Map<string, string>();
  /** False: the server runs with `--no-serve-artifacts`. */
  serveArtifacts = true;
  /** Registry webhooks (MLflow 3, SQL stores). */
  readonly webhooks: WebhookState[] = [];
  /** Told of registry events caused through the REST API (seeding causes none); FakeMlflow delivers them. */
  emit: (event: string, data: Record<string, unknown>) => void = () => undefined;
  readonly now: () => number;
  #ids = 0;

  constructor(now: () => number) {
    this.now = now;
    // Every MLflow server has the "Default" experiment with id 0.
    this.experiments.push({
      experiment_id: "0",
      name: "Default",
      artifact_location: "mlflow-artifacts:/0",
      lifecycle_stage: "active",
      creation_time: now(),
      last_update_time: now(),
      tags: [],
    });
  }

  nextExperimentId(): string {
    this.#ids += 1;
    return String(this.#ids);
  }

  /** MLflow's run ids are 32 hex characters (uuid4().hex). */
  static runId(): string {
    return randomBytes(16).toString("hex");
  }

  /** The aliases a version carries, as ModelVersion.aliases lists them. */
  aliasesOf(model: ModelState, version: string): string[] {
    return [...model.aliases].filter(([, v]) => v === version).map(([a]) => a);
  }

  versionJson(model: ModelState, v: VersionState): Record<string, unknown> {
    const json: Record<string, unknown> = { ...v, aliases: this.aliasesOf(model, v.version) };
    if (json.run_id === "") delete json.run_id;
    return json;
  }

  /**
   * One version as MLflow 3's `model-versions/get` and alias lookup answer it: with the registered
   * logged model's metrics as `model_metrics`, each naming its dataset when it was logged with one.
   */
  versionWithMetrics(model: ModelState, v: VersionState): Record<string, unknown> {
    const json = this.versionJson(model, v);
    const metrics = v.model_id ? (this.loggedModels.get(v.model_id)?.data.metrics ?? []) : [];
    return metrics.length > 0 ? { ...json, model_metrics: metrics } : json;
  }
}
