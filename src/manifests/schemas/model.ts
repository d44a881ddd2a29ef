import Type, { type Static } from "typebox";
import { dnsName, duration, featureRef, feastName, owner, quantity, secretRef } from "./common.ts";
import { manifestSchema } from "./common.ts";
import { canarySpec } from "./canary.ts";

export const SERVING_RUNTIMES = ["kserve", "seldon", "deployment"] as const;
export const MODEL_FORMATS = [
  "mlflow",
  "sklearn",
  "xgboost",
  "lightgbm",
  "triton",
  "huggingface",
  "vllm",
  "onnx",
  "pytorch",
  "tensorflow",
] as const;
export const LEGACY_STAGES = ["Staging", "Production"] as const;

const envVar = Type.Object(
  {
    name: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$", patternErrorMessage: "must be an environment variable name" }),
    value: Type.Optional(Type.String({ maxLength: 4096 })),
    valueFrom: Type.Optional(secretRef),
  },
  { additionalProperties: false },
);

const resources = Type.Object(
  {
    cpu: Type.Optional(quantity("CPU requested per replica, e.g. 1 or 500m.")),
    memory: Type.Optional(quantity("Memory requested per replica, e.g. 2Gi.")),
    gpu: Type.Optional(Type.Integer({ minimum: 0, maximum: 16, description: "GPUs per replica." })),
    gpuResource: Type.Optional(
      Type.String({ description: "Extended resource name of the GPU (default nvidia.com/gpu).", maxLength: 253 }),
    ),
    limits: Type.Optional(
      Type.Object(
        { cpu: Type.Optional(quantity("CPU limit.")), memory: Type.Optional(quantity("Memory limit.")) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: "Resources per replica." },
);

const serving = Type.Object(
  {
    runtime: Type.Enum([...SERVING_RUNTIMES], {
      description: "kserve (InferenceService), seldon (Seldon Core 2 Model) or deployment (plain image).",
    }),
    format: Type.Optional(
      Type.Enum([...MODEL_FORMATS], { description: "Model format the runtime loads (kserve and seldon)." }),
    ),
    protocol: Type.Optional(Type.Enum(["v1", "v2"], { description: "Inference protocol (KServe v1 or open v2)." })),
    image: Type.Optional(Type.String({ description: "Container image (runtime: deployment).", maxLength: 512 })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: "Container port (deployment)." })),
    namespace: Type.Optional(dnsName("Namespace to serve in; defaults to the environment's.")),
    replicas: Type.Object(
      {
        min: Type.Integer({ minimum: 0, maximum: 1000 }),
        max: Type.Integer({ minimum: 1, maximum: 1000 }),
      },
      { additionalProperties: false, description: "Autoscaling bounds." },
    ),
    resources: Type.Optional(resources),
    canary: Type.Optional(canarySpec),
    modelLoadTimeout: Type.Optional(duration("How long a new version may take to become ready (e.g. 10m).")),
    serviceAccount: Type.Optional(dnsName("Service account allowed to read the model artifact.")),
    env: Type.Optional(Type.Array(envVar, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

const gate = Type.Object(
  {
    metric: Type.String({ description: "Metric name as logged in MLflow.", minLength: 1, maxLength: 250 }),
    goal: Type.Enum(["maximize", "minimize"], { description: "Whether higher (maximize) or lower is better." }),
    min: Type.Optional(Type.Number({ description: "Absolute lower bound." })),
    max: Type.Optional(Type.Number({ description: "Absolute upper bound." })),
    vs: Type.Optional(Type.Literal("production", { description: "Compare with the version production serves." })),
    maxDrop: Type.Optional(
      Type.Number({ minimum: 0, description: "Largest allowed regression vs production, in metric units." }),
    ),
    maxDropRatio: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: "Largest allowed regression vs production, as a fraction of production's value.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const modelSpec = Type.Object(
  {
    registry: Type.Object(
      {
        name: Type.String({ description: "MLflow registered model name.", minLength: 1, maxLength: 256 }),
        version: Type.Union(
          [
            Type.Integer({ minimum: 1 }),
            Type.String({ pattern: "^[1-9][0-9]*$", patternErrorMessage: "must be a version number such as 7" }),
          ],
          { description: "Registered model version." },
        ),
      },
      { additionalProperties: false, description: "The MLflow registered model version to serve." },
    ),
    evidence: Type.Optional(
      Type.Object(
        {
          experiment: Type.String({ description: "MLflow experiment name.", minLength: 1, maxLength: 500 }),
          runId: Type.String({
            description: "MLflow run id of the run that produced this version.",
            pattern: "^[0-9a-f]{32}$",
            patternErrorMessage: "must be an MLflow run id: 32 lowercase hexadecimal characters",
          }),
          datasetDigest: Type.Optional(Type.String({ maxLength: 128 })),
        },
        { additionalProperties: false, description: "The experiment run whose metrics justify this version." },
      ),
    ),
    features: Type.Optional(
      Type.Object(
        {
          service: Type.Optional(feastName("A FeatureService this model consumes.")),
          refs: Type.Optional(Type.Array(featureRef, { minItems: 1, maxItems: 1000, uniqueItems: true })),
        },
        { additionalProperties: false, description: "Features consumed: a feature service or `view:feature` refs." },
      ),
    ),
    serving,
    promotion: Type.Object(
      {
        alias: Type.Optional(
          Type.String({
            description: "MLflow alias that marks the serving version (e.g. champion).",
            pattern: "^[A-Za-z_][A-Za-z0-9_-]{0,254}$",
            patternErrorMessage: "must be an MLflow alias: letters, digits, '_' and '-'",
          }),
        ),
        stage: Type.Optional(Type.Enum([...LEGACY_STAGES], { description: "Legacy MLflow stage." })),
        environments: Type.Array(dnsName("An environment named in .slipway.yml."), {
          minItems: 1,
          maxItems: 20,
          uniqueItems: true,
          description: "Environments the version rolls through, in order.",
        }),
        gates: Type.Optional(Type.Array(gate, { maxItems: 50 })),
      },
      { additionalProperties: false },
    ),
    owners: Type.Array(owner, { minItems: 1, maxItems: 50, uniqueItems: true }),
    monitors: Type.Optional(Type.Array(dnsName("A Monitor watching this model."), { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const modelSchema = manifestSchema(
  "Model",
  dnsName("Model name (DNS-1123)."),
  modelSpec,
  "A served model: its MLflow registry version, evidence, serving runtime, promotion gates and owners.",
);

export type ModelManifest = Static<typeof modelSchema>;
export type ModelGate = Static<typeof gate>;
