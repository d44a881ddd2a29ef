import { dataVersionOf } from "../../experiments/data-version.ts";
import { rowsFromProfile } from "../../experiments/dataset-profile.ts";
import type { DatasetMetric, DatasetRef, RunSummary } from "../../experiments/types.ts";
import type { Metric, Run } from "../../tracker/tracker-types.ts";

/** MLflow's tag on a dataset input saying what the data was for (`mlflow.log_input(…, context=…)`). */
const CONTEXT_TAG = "mlflow.data.context";

/**
 * An MLflow run as the comparison reads it: latest metric values, params, the datasets it logged as
 * inputs (with their context and profiled row count) and, for an MLflow 3 model, the metrics it
 * recorded with their datasets.
 */
export function runSummary(run: Run, modelMetrics: readonly Metric[] = []): RunSummary {
  // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
  const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
  const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
  const inputs = run.inputs.dataset_inputs.map((i): DatasetRef => {
    const version = dataVersionOf(i.dataset.source_type, i.dataset.source);
    return {
      name: i.dataset.name,
      digest: i.dataset.digest === "" ? null : i.dataset.digest,
      context: i.tags.find((t) => t.key === CONTEXT_TAG)?.value ?? null,
      rows: rowsFromProfile(i.dataset.profile),
      ...(version ? { version } : {}),
    };
  });
  const datasetMetrics = datasetMetricsOf(modelMetrics);
  return {
    runId: run.info.run_id,
    experiment: run.info.experiment_id,
    metrics,
    params,
    inputs,
    ...(datasetMetrics.length > 0 ? { datasetMetrics } : {}),
  };
}

/** The metrics that name the dataset they were computed on (MLflow 3 `dataset_digest`). */
export function datasetMetricsOf(metrics: readonly Metric[]): DatasetMetric[] {
  return metrics.flatMap((m) =>
    m.dataset_digest
      ? [
          {
            key: m.key,
            value: m.value,
            datasetName: m.dataset_name || null,
            datasetDigest: m.dataset_digest,
            step: m.step,
            timestamp: m.timestamp,
          },
        ]
      : [],
  );
}

/** A tag's value on a run, or undefined. */
export function runTag(run: Run, key: string): string | undefined {
  return run.data.tags.find((t) => t.key === key)?.value;
}
