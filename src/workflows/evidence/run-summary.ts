import type { RunSummary } from "../../experiments/types.ts";
import type { Run } from "../../tracker/tracker-types.ts";

/** An MLflow run as the comparison reads it: latest metric values, params, logged dataset digests. */
export function runSummary(run: Run): RunSummary {
  // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
  const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
  const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
  const inputs = run.inputs.dataset_inputs;
  return {
    runId: run.info.run_id,
    experiment: run.info.experiment_id,
    metrics,
    params,
    datasetDigests: inputs.map((i) => i.dataset.digest).filter((d) => d !== ""),
    datasetNames: inputs.map((i) => i.dataset.name).filter((n) => n !== ""),
  };
}

/** A tag's value on a run, or undefined. */
export function runTag(run: Run, key: string): string | undefined {
  return run.data.tags.find((t) => t.key === key)?.value;
}
