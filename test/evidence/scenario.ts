import type { DatasetRef, RunSummary } from "../../src/experiments/types.ts";
import { connectMlflowTracker } from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import type { Tracker } from "../../src/tracker/tracker-port.ts";
import { candidate, otherHoldout, production, trainingOf } from "../experiments/seed-scenario.ts";
import { type FakeMlflow, startFakeMlflow } from "../fakes/mlflow/fake.ts";
import type { InputSeed } from "../fakes/mlflow/seed.ts";
import { templateFiles } from "../helpers/template.ts";

export const CANDIDATE_RUN = candidate.runId;
export const PRODUCTION_RUN = production.runId;

/**
 * What the two runs logged with `mlflow.log_input`: `retrained` — each its own training data and the
 * same holdout (the template pipeline's retrain); `none` — nothing, as the seed's training script;
 * `other-holdout` — the candidate evaluated on another holdout; `untagged` — one dataset each, logged
 * without a context (the same holdout).
 */
export type LoggedInputs = "retrained" | "none" | "other-holdout" | "untagged";

function inputsOf(run: RunSummary, kind: LoggedInputs): DatasetRef[] {
  if (kind === "none") return [];
  const holdout = run.inputs.filter((i) => i.context === "evaluation");
  if (kind === "untagged") return holdout.map((i) => ({ ...i, context: null }));
  if (kind === "other-holdout" && run === candidate) return [...trainingOf(run), otherHoldout];
  return run.inputs;
}

function inputSeeds(refs: readonly DatasetRef[]): InputSeed[] {
  return refs.map((r) => ({ name: r.name, digest: r.digest ?? "", context: r.context, rows: r.rows }));
}

/** The signature MLflow logs for the template's fraud-detection model (its feature service's features). */
export const SIGNATURE_INPUTS = [
  { type: "long", name: "transaction_count_7d", required: true },
  { type: "double", name: "avg_amount_30d", required: true },
  { type: "double", name: "fraud_rate_90d", required: true },
];

export function logModelHistory(runId: string, inputs: readonly object[] = SIGNATURE_INPUTS): string {
  return JSON.stringify([
    {
      run_id: runId,
      artifact_path: "model",
      utc_time_created: "2026-11-20 10:00:00.000000",
      flavors: { lightgbm: { lgb_version: "4.6.0" } },
      signature: { inputs: JSON.stringify(inputs), outputs: '[{"type": "double"}]', params: null },
    },
  ]);
}

export interface Scenario {
  fake: FakeMlflow;
  tracker: Tracker;
  experimentId: string;
  close: () => Promise<void>;
}

/**
 * The seed scenario in a fake MLflow: experiment `fraud-detection-v2`; version 6 (production, alias
 * `champion`) from the production run, version 7 from the candidate run — the runs, metrics, params and
 * dataset digests of test/experiments/seed-scenario.ts.
 */
export async function startScenario(
  options: {
    candidateTags?: Record<string, string>;
    signature?: readonly object[];
    auth?: { token: string };
    inputs?: LoggedInputs;
    /** Metric values of the candidate run that differ from the seed's (a worse retrain…). */
    candidateMetrics?: Record<string, number>;
  } = {},
): Promise<Scenario> {
  const fake = await startFakeMlflow(options.auth ? { auth: options.auth } : {});
  const experiment = fake.addExperiment({ name: "fraud-detection-v2" });
  for (const [run, id] of [
    [production, PRODUCTION_RUN],
    [candidate, CANDIDATE_RUN],
  ] as const) {
    fake.addRun({
      runId: id,
      experimentId: experiment.experiment_id,
      metrics: id === CANDIDATE_RUN ? { ...run.metrics, ...options.candidateMetrics } : run.metrics,
      params: run.params,
      inputs: inputSeeds(inputsOf(run, options.inputs ?? "retrained")),
      tags: {
        "mlflow.log-model.history": logModelHistory(id, options.signature),
        ...(id === CANDIDATE_RUN ? options.candidateTags : {}),
      },
    });
  }
  fake.addModelVersion({ name: "fraud-detection", version: 6, runId: PRODUCTION_RUN, aliases: ["champion"] });
  fake.addModelVersion({ name: "fraud-detection", version: 7, runId: CANDIDATE_RUN });
  const token = options.auth?.token;
  const tracker = await connectMlflowTracker(
    { trackingUri: fake.url, ...(token ? { token: { env: "TOKEN" } } : {}) },
    async () => token ?? "",
    {
      sleep: async () => undefined,
      random: () => 1,
    },
  );
  return { fake, tracker, experimentId: experiment.experiment_id, close: () => fake.close() };
}

/** The template as the default branch holds it: fraud-detection at version 6 from the production run. */
export async function baseFiles(): Promise<Record<string, string>> {
  const files = await templateFiles();
  const model = files["models/fraud-detection.yaml"] ?? "";
  return {
    ...files,
    "models/fraud-detection.yaml": model
      .replace("version: 7", "version: 6")
      .replace(CANDIDATE_RUN, PRODUCTION_RUN),
  };
}
