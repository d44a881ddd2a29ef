import { randomBytes } from "node:crypto";
import type { FakeMlflowState, LoggedModelState } from "./state.ts";

export interface LoggedModelSeed {
  readonly experimentId?: string;
  readonly name: string;
  readonly sourceRunId?: string;
  readonly status?: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** MLflow 3 logged model ids look like `m-<32 hex>`. */
export function addLoggedModel(state: FakeMlflowState, seed: LoggedModelSeed): LoggedModelState {
  const id = `m-${randomBytes(16).toString("hex")}`;
  const experimentId = seed.experimentId ?? "0";
  const model: LoggedModelState = {
    info: {
      model_id: id,
      experiment_id: experimentId,
      name: seed.name,
      artifact_uri: `mlflow-artifacts:/${experimentId}/models/${id}/artifacts`,
      status: seed.status ?? "LOGGED_MODEL_READY",
      creation_timestamp_ms: state.now(),
      last_updated_timestamp_ms: state.now(),
      tags: [],
      ...(seed.sourceRunId ? { source_run_id: seed.sourceRunId } : {}),
    },
    data: { params: Object.entries(seed.params ?? {}).map(([key, value]) => ({ key, value })), metrics: [] },
  };
  state.loggedModels.set(id, model);
  return model;
}
