import type { DatasetRef, RunSummary } from "../../src/experiments/types.ts";
import { connectMlflow } from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import type { ModelFiles } from "../../src/tracker/model-files/model-files-port.ts";
import { modelFiles } from "../../src/tracker/model-files/route-model-files.ts";
import type { Tracker } from "../../src/tracker/tracker-port.ts";
import { candidate, otherHoldout, production, trainingOf } from "../experiments/seed-scenario.ts";
import { mlmodelYaml } from "../fakes/mlflow/artifacts.ts";
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
  /** The models' files through the fake's artifact proxy, as the server reads them. */
  modelFiles: ModelFiles;
  /** MLflow 3: the logged models versions 6 and 7 register. */
  loggedModels: { production: string; candidate: string } | null;
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
    /** A bearer token, or a username and password (Basic), that the fake MLflow requires. */
    auth?: { token: string } | { username: string; password: string };
    inputs?: LoggedInputs;
    /** Metric values of the candidate run that differ from the seed's (a worse retrain…). */
    candidateMetrics?: Record<string, number>;
    /**
     * MLflow 3: versions 6 and 7 register logged models whose metrics name the holdout they were
     * computed on, and the signature is only in each model's MLmodel (no history tag); `mlmodel: false`
     * leaves the candidate's MLmodel out.
     */
    mlflow3?: { mlmodel?: boolean };
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
        ...(options.mlflow3 ? {} : { "mlflow.log-model.history": logModelHistory(id, options.signature) }),
        ...(id === CANDIDATE_RUN ? options.candidateTags : {}),
      },
    });
  }
  const loggedModels = options.mlflow3
    ? {
        production: loggedModel(
          fake,
          experiment.experiment_id,
          production,
          PRODUCTION_RUN,
          options.signature,
        ),
        candidate: loggedModel(fake, experiment.experiment_id, candidate, CANDIDATE_RUN, options.signature, {
          ...options.candidateMetrics,
        }),
      }
    : null;
  if (loggedModels && options.mlflow3?.mlmodel === false)
    fake.state.artifacts.delete(
      `${experiment.experiment_id}/models/${loggedModels.candidate}/artifacts/MLmodel`,
    );
  const register = (version: number, runId: string, modelId: string | undefined, aliases: string[]) =>
    fake.addModelVersion({
      name: "fraud-detection",
      version,
      runId,
      aliases,
      ...(modelId ? { modelId, source: `models:/${modelId}` } : {}),
    });
  register(6, PRODUCTION_RUN, loggedModels?.production, ["champion"]);
  register(7, CANDIDATE_RUN, loggedModels?.candidate, []);
  const auth = options.auth;
  const token = auth && "token" in auth ? auth.token : undefined;
  const basic = auth && "username" in auth ? auth : undefined;
  const { tracker, http, host } = await connectMlflow(
    {
      trackingUri: fake.url,
      ...(token ? { token: { env: "TOKEN" } } : {}),
      ...(basic ? { username: { env: "USER" }, password: { env: "PASS" } } : {}),
    },
    async (ref) => {
      const name = "env" in ref ? ref.env : "";
      return (name === "USER" ? basic?.username : name === "PASS" ? basic?.password : token) ?? "";
    },
    {
      sleep: async () => undefined,
      random: () => 1,
    },
  );
  return {
    fake,
    tracker,
    modelFiles: modelFiles({ mlflow: { http, host } }),
    loggedModels,
    experimentId: experiment.experiment_id,
    close: () => fake.close(),
  };
}

/**
 * An MLflow 3 logged model of `run`: its metrics logged with the holdout they were computed on
 * (`mlflow.log_metric(…, model_id=…, dataset=holdout)`), and its MLmodel with the signature.
 */
function loggedModel(
  fake: FakeMlflow,
  experimentId: string,
  run: RunSummary,
  runId: string,
  signature: readonly object[] = SIGNATURE_INPUTS,
  overrides: Record<string, number> = {},
): string {
  const holdout = run.inputs.find((i) => i.context === "evaluation");
  const metrics = { ...run.metrics, ...overrides };
  const model = fake.addLoggedModel({
    name: "fraud-detection",
    experimentId,
    sourceRunId: runId,
    metrics: Object.entries(metrics).map(([key, value]) => ({
      key,
      value,
      ...(holdout ? { datasetName: holdout.name, datasetDigest: holdout.digest ?? "" } : {}),
    })),
  });
  const id = model.info.model_id;
  fake.putArtifact(
    `${experimentId}/models/${id}/artifacts/MLmodel`,
    mlmodelYaml({ runId, modelId: id, artifactPath: model.info.artifact_uri, inputs: signature }),
  );
  return id;
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

/**
 * Another retrained candidate in the same MLflow: a run from the seed's candidate (its metrics with
 * `metrics` over them, the inputs `inputs` logs) registered as `version`; with `mlflow3`, through a
 * logged model whose signature is only in its MLmodel. Returns the run id for the manifest's evidence.
 */
export function addCandidate(
  scenario: Scenario,
  options: {
    version: number;
    metrics?: Record<string, number>;
    inputs?: LoggedInputs;
    mlflow3?: boolean;
    signature?: readonly object[];
  },
): string {
  const { fake, experimentId } = scenario;
  const metrics = { ...candidate.metrics, ...options.metrics };
  const run = fake.addRun({
    experimentId,
    metrics,
    params: candidate.params,
    inputs: inputSeeds(inputsOf(candidate, options.inputs ?? "retrained")),
    tags: options.mlflow3 ? {} : { "mlflow.log-model.history": logModelHistory("", options.signature) },
  });
  const runId = run.info.run_id;
  const modelId = options.mlflow3
    ? loggedModel(fake, experimentId, { ...candidate, metrics }, runId, options.signature)
    : undefined;
  fake.addModelVersion({
    name: "fraud-detection",
    version: options.version,
    runId,
    ...(modelId ? { modelId, source: `models:/${modelId}` } : {}),
  });
  return runId;
}

/** The template's fraud-detection manifest moved to `version`, produced by `runId`. */
export async function candidateManifest(version: number, runId: string): Promise<string> {
  const model = (await templateFiles())["models/fraud-detection.yaml"] ?? "";
  return model.replace("version: 7", `version: ${version}`).replace(CANDIDATE_RUN, runId);
}
