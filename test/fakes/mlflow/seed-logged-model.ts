import { randomBytes } from "node:crypto";
import type { FakeMlflowState, LoggedModelMetricState, LoggedModelState } from "./state.ts";

export interface LoggedModelSeed {
  readonly experimentId?: string;
  readonly name: string;
  readonly sourceRunId?: string;
  readonly status?: string;
  readonly params?: Readonly<Record<string, string>>;
  /** Values logged with `mlflow.log_metric(key, value, model_id=…, dataset=…)`. */
  readonly metrics?: readonly LoggedMetricSeed[];
  /** Where its artifacts live; MLflow's `mlflow-artifacts:/<exp>/models/<id>/artifacts` by default. */
  readonly artifactUri?: (modelId: string) => string;
}

export interface LoggedMetricSeed {
  readonly key: string;
  readonly value: number;
  readonly datasetName?: string;
  readonly datasetDigest?: string;
  readonly step?: number;
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
      artifact_uri: seed.artifactUri?.(id) ?? `mlflow-artifacts:/${experimentId}/models/${id}/artifacts`,
      status: seed.status ?? "LOGGED_MODEL_READY",
      creation_timestamp_ms: state.now(),
      last_updated_timestamp_ms: state.now(),
      tags: [],
      ...(seed.sourceRunId ? { source_run_id: seed.sourceRunId } : {}),
    },
    data: {
      params: Object.entries(seed.params ?? {}).map(([key, value]) => ({ key, value })),
      metrics: (seed.metrics ?? []).map(
        (m): LoggedModelMetricState => ({
          key: m.key,
          value: m.value,
          timestamp: state.now(),
          step: m.step ?? 0,
          model_id: id,
          ...(seed.sourceRunId ? { run_id: seed.sourceRunId } : {}),
          ...(m.datasetDigest !== undefined
            ? { dataset_name: m.datasetName ?? "", dataset_digest: m.datasetDigest }
            : {}),
        }),
      ),
    },
  };
  state.loggedModels.set(id, model);
  return model;
}
