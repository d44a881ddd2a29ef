import type { Experiment, KeyValue, LoggedModel, ModelVersion, Run } from "../tracker-types.ts";

/** A model version as a store keeps it: aliases live on the model, `storage_location` beside `source`. */
export interface StoredModelVersion extends Omit<ModelVersion, "aliases"> {
  /** What `get-download-uri` answers when set (MLflow ≥ 2.9 resolves `models:/` sources into it). */
  readonly storage_location?: string;
}

export interface StoredRegisteredModel {
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly KeyValue[];
  readonly aliases: readonly { readonly alias: string; readonly version: string }[];
}

/**
 * The raw reads a local MLflow store (sqlite database or `./mlruns` directory) offers. Everything above
 * them (search syntax, ordering, pages, latest versions, download URIs, not-found faults) is shared in
 * `local-tracker.ts`, so both stores answer alike. `undefined` means "no such entity".
 */
export interface LocalStore {
  /** Names the store in messages, e.g. "MLflow sqlite store ./mlflow.db". */
  readonly description: string;
  getRun(runId: string): Promise<Run | undefined>;
  /** Every run of these experiments, whatever its lifecycle stage. */
  listRuns(experimentIds: readonly string[]): Promise<readonly Run[]>;
  /** Experiments with exactly this name, active or deleted. */
  findExperiments(name: string): Promise<readonly Experiment[]>;
  getRegisteredModel(name: string): Promise<StoredRegisteredModel | undefined>;
  /** Versions of one model, or of every model; internally deleted versions are left out. */
  listModelVersions(name?: string): Promise<readonly StoredModelVersion[]>;
  getLoggedModel(modelId: string): Promise<LoggedModel | undefined>;
}
