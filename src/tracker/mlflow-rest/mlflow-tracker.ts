import { TrackerFault } from "../tracker-fault.ts";
import type { Tracker } from "../tracker-port.ts";
import { type MlflowCredentials, type ReadSecret, resolveAuth } from "./auth.ts";
import { createMlflowHttp, type MlflowHttp, type MlflowHttpOptions } from "./client.ts";
import { getLoggedModel } from "./logged-models.ts";
import * as registry from "./registry.ts";
import { getExperimentByName, getRun, searchRuns } from "./runs.ts";

/** A Tracker over an MLflow tracking server's REST API. */
export function mlflowTracker(http: MlflowHttp): Tracker {
  return {
    getRun: (runId) => getRun(http, runId),
    searchRuns: (query) => searchRuns(http, query),
    getExperimentByName: (name) => getExperimentByName(http, name),
    getRegisteredModel: (name) => registry.getRegisteredModel(http, name),
    getModelVersion: (name, version) => registry.getModelVersion(http, name, version),
    searchModelVersions: (query) => registry.searchModelVersions(http, query),
    getModelVersionByAlias: (name, alias) => registry.getModelVersionByAlias(http, name, alias),
    getLatestVersions: (name, stages) => registry.getLatestVersions(http, name, stages),
    getDownloadUri: (name, version) => registry.getDownloadUri(http, name, version),
    getLoggedModel: (modelId) => getLoggedModel(http, modelId),
    setAlias: (name, alias, version) => registry.setAlias(http, name, alias, version),
    deleteAlias: (name, alias) => registry.deleteAlias(http, name, alias),
    transitionStage: (name, version, stage, archive) =>
      registry.transitionStage(http, name, version, stage, archive),
  };
}

/** The `mlflow` integration of a server binding (see `server-config.ts`). */
export interface MlflowBinding extends MlflowCredentials {
  readonly trackingUri?: string;
}

export type ConnectOptions = Omit<MlflowHttpOptions, "trackingUri" | "authorization" | "secrets">;

/**
 * Resolves the binding's credentials through `readSecret` (the caller decides how env and files are
 * read) and returns a Tracker; rejects with a TrackerFault when the binding is unusable.
 */
export async function connectMlflowTracker(
  binding: MlflowBinding,
  readSecret: ReadSecret,
  options: ConnectOptions = {},
): Promise<Tracker> {
  return (await connectMlflow(binding, readSecret, options)).tracker;
}

/** The Tracker and the HTTP client behind it (the artifact proxy is read with the same credentials). */
export async function connectMlflow(
  binding: MlflowBinding,
  readSecret: ReadSecret,
  options: ConnectOptions = {},
): Promise<{ tracker: Tracker; http: MlflowHttp; host: string }> {
  if (!binding.trackingUri) throw new TrackerFault("invalid", "The MLflow integration has no trackingUri.");
  const auth = await resolveAuth(binding, readSecret);
  const http = createMlflowHttp({
    ...options,
    trackingUri: binding.trackingUri,
    secrets: auth.secrets,
    ...(auth.header ? { authorization: auth.header } : {}),
  });
  return { tracker: mlflowTracker(http), http, host: new URL(binding.trackingUri).host };
}
