import {
  type ExperimentState,
  FakeMlflowState,
  type ModelState,
  type RunState,
  type VersionState,
} from "./state.ts";

export interface ExperimentSeed {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export function addExperiment(state: FakeMlflowState, seed: ExperimentSeed): ExperimentState {
  const id = state.nextExperimentId();
  const experiment: ExperimentState = {
    experiment_id: id,
    name: seed.name,
    artifact_location: `mlflow-artifacts:/${id}`,
    lifecycle_stage: "active",
    creation_time: state.now(),
    last_update_time: state.now(),
    tags: Object.entries(seed.tags ?? {}).map(([key, value]) => ({ key, value })),
  };
  state.experiments.push(experiment);
  return experiment;
}

export interface RunSeed {
  /** A fixed run id (32 hex characters); random by default. */
  readonly runId?: string;
  readonly experimentId?: string;
  readonly runName?: string;
  readonly status?: string;
  readonly startTime?: number;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly params?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  /** Logs one dataset input (context "evaluation") with this digest, as `mlflow.log_input` does. */
  readonly datasetDigest?: string;
  readonly datasetName?: string;
  /** Dataset inputs, each as one `mlflow.log_input(dataset, context=…)` call records it. */
  readonly inputs?: readonly InputSeed[];
}

/** One `mlflow.log_input` call. */
export interface InputSeed {
  readonly name: string;
  /** MLflow's digest of the data; an empty string stands for none recorded. */
  readonly digest: string;
  /** The `mlflow.data.context` tag; null logs the input without one. Default "evaluation". */
  readonly context?: string | null;
  /** Rows, written into the profile as a pandas dataset's `{"num_rows": …, "num_elements": …}`. */
  readonly rows?: number | null;
  readonly source?: string;
  /** The dataset's source type (default "local"); MLflow's Delta source is "delta_table". */
  readonly sourceType?: string;
}

/**
 * A run's `inputs.dataset_inputs` as MLflow answers them: the dataset (name, digest, source type and
 * source as JSON text, schema and profile as JSON text) and the input's tags.
 */
function datasetInputs(seed: RunSeed) {
  const inputs: InputSeed[] = [...(seed.inputs ?? [])];
  if (seed.datasetDigest !== undefined)
    inputs.push({ name: seed.datasetName ?? "eval", digest: seed.datasetDigest, context: "evaluation" });
  return inputs.map((input) => {
    const context = input.context === undefined ? "evaluation" : input.context;
    const rows = input.rows ?? null;
    return {
      tags: context === null ? [] : [{ key: "mlflow.data.context", value: context }],
      dataset: {
        name: input.name,
        digest: input.digest,
        source_type: input.sourceType ?? "local",
        source: input.source ?? `{"uri": "data/${input.name}.parquet"}`,
        schema: '{"mlflow_colspec": [{"type": "double", "name": "amount", "required": true}]}',
        ...(rows === null ? {} : { profile: JSON.stringify({ num_rows: rows, num_elements: rows * 6 }) }),
      },
    };
  });
}

const pairs = (record: Readonly<Record<string, string>> = {}) =>
  Object.entries(record).map(([key, value]) => ({ key, value }));

export function addRun(state: FakeMlflowState, seed: RunSeed = {}): RunState {
  const runId = seed.runId ?? FakeMlflowState.runId();
  if (state.runs.has(runId)) throw new Error(`fake MLflow: run ${runId} already exists`);
  const experimentId = seed.experimentId ?? "0";
  const start = seed.startTime ?? state.now() + state.runs.size;
  const run: RunState = {
    info: {
      run_id: runId,
      run_uuid: runId,
      run_name: seed.runName ?? `run-${state.runs.size + 1}`,
      experiment_id: experimentId,
      user_id: "mlflow-user",
      status: seed.status ?? "FINISHED",
      start_time: start,
      end_time: start + 1000,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      lifecycle_stage: "active",
    },
    data: {
      metrics: Object.entries(seed.metrics ?? {}).map(([key, value]) => ({
        key,
        value,
        timestamp: start,
        step: 0,
      })),
      params: pairs(seed.params),
      tags: pairs({ "mlflow.runName": seed.runName ?? `run-${state.runs.size + 1}`, ...seed.tags }),
    },
    inputs: { dataset_inputs: datasetInputs(seed) },
  };
  state.runs.set(runId, run);
  return run;
}

export interface ModelVersionSeed {
  readonly name: string;
  /** Defaults to one more than the model's highest version. */
  readonly version?: number | string;
  readonly runId?: string;
  readonly status?: "READY" | "PENDING_REGISTRATION" | "FAILED_REGISTRATION";
  readonly aliases?: readonly string[];
  readonly stage?: "None" | "Staging" | "Production" | "Archived";
  readonly source?: string;
  readonly modelId?: string;
}

export function ensureModel(state: FakeMlflowState, name: string): ModelState {
  let model = state.models.get(name);
  if (!model) {
    model = {
      name,
      creation_timestamp: state.now(),
      last_updated_timestamp: state.now(),
      tags: [],
      versions: [],
      aliases: new Map(),
    };
    state.models.set(name, model);
  }
  return model;
}

export function addModelVersion(state: FakeMlflowState, seed: ModelVersionSeed): VersionState {
  const model = ensureModel(state, seed.name);
  const highest = Math.max(0, ...model.versions.map((v) => Number(v.version)));
  const version = String(seed.version ?? highest + 1);
  if (model.versions.some((v) => v.version === version))
    throw new Error(`fake MLflow: ${seed.name} already has version ${version}`);
  const entry: VersionState = {
    name: seed.name,
    version,
    creation_timestamp: state.now(),
    last_updated_timestamp: state.now(),
    current_stage: seed.stage ?? "None",
    description: "",
    source:
      seed.source ?? (seed.runId ? `runs:/${seed.runId}/model` : `models:/${seed.modelId ?? "m-unknown"}`),
    run_id: seed.runId ?? "",
    status: seed.status ?? "READY",
    tags: [],
    ...(seed.modelId ? { model_id: seed.modelId } : {}),
  };
  model.versions.push(entry);
  // An alias points at exactly one version: seeding it here moves it.
  for (const alias of seed.aliases ?? []) model.aliases.set(alias, version);
  return entry;
}
