import type { Manifest } from "../manifests/snapshot.ts";
import { canarySplit, describeSplit } from "./canary-split.ts";
import type { KubeObject } from "./kube-object.ts";
import { objectMeta } from "./labels.ts";
import type { RenderContext } from "./render-context.ts";
import {
  artifactUri,
  containerEnv,
  containerResources,
  gpuPlacement,
  modelLoadTimeoutSeconds,
  modelNamespace,
  modelSource,
  placeholderUri,
  STABLE_VERSION_ANNOTATION,
  servingAnnotations,
} from "./serving-common.ts";

type Model = Manifest<"Model">;
type Format = NonNullable<Model["value"]["spec"]["serving"]["format"]>;

export const DEPLOYMENT_MODE_ANNOTATION = "serving.kserve.io/deploymentMode";
export const CANARY_ANNOTATION = "slipway.dev/canary";
/** Knative's revision progress deadline: how long a new revision may take to become ready. */
export const KNATIVE_PROGRESS_DEADLINE = "serving.knative.dev/progress-deadline";
/** The Standard-mode predictor serving the new version beside the stable one (KServe v0.20 `spec.canary`). */
export const CANARY_PREDICTOR_NAME = "canary";
/**
 * Said when a canary is declared but there is no other version to split with (first deploy, or the
 * version already serves): one text for both, so a plan against the inventory stays a no-op.
 */
export const NO_SPLIT = "no other version is served here; the new version takes all traffic";

/**
 * KServe `modelFormat` names per manifest format, as the built-in ServingRuntimes declare them
 * (`config/runtimes/*.yaml`). vLLM is served by the Hugging Face runtime with `--backend=vllm`.
 */
const MODEL_FORMAT: Record<Format, string> = {
  mlflow: "mlflow",
  sklearn: "sklearn",
  xgboost: "xgboost",
  lightgbm: "lightgbm",
  triton: "triton",
  huggingface: "huggingface",
  vllm: "huggingface",
  onnx: "onnx",
  pytorch: "pytorch",
  tensorflow: "tensorflow",
};

/** MLflow models run on MLServer and Triton speaks only v2, so both get protocol v2 whatever is written. */
const V2_ONLY: ReadonlySet<Format> = new Set(["mlflow", "triton"]);

/** Model → one KServe `InferenceService` (serving.kserve.io/v1beta1) in the binding's deployment mode. */
export function renderInferenceService(model: Model, ctx: RenderContext): KubeObject {
  const serving = model.value.spec.serving;
  const mode = ctx.binding.kserve?.deploymentMode ?? "Standard";
  const knative = mode === "Knative";
  const annotations: Record<string, string> = {
    ...servingAnnotations(model, ctx),
    [DEPLOYMENT_MODE_ANNOTATION]: mode,
  };
  const spec: Record<string, unknown> = {};
  const current = artifactUri(model, ctx).uri;
  const canary = serving.canary;
  const version = String(model.value.spec.registry.version);
  const split = canarySplit(model, ctx);

  if (knative && canary?.percent !== undefined && !ctx.rollout?.has(model.name)) {
    // A fixed share: Knative keeps the previous ready revision (tag `prev`) and gives the latest this share.
    spec.predictor = { ...predictor(model, ctx, current, true), canaryTrafficPercent: canary.percent };
    annotations[CANARY_ANNOTATION] = `${canary.percent}% to the latest revision (Knative)`;
  } else if (knative && split) {
    // A rollout step: the latest revision (the new version) takes the step's share, `prev` the rest.
    spec.predictor = { ...predictor(model, ctx, current, true), canaryTrafficPercent: split.share };
    annotations[CANARY_ANNOTATION] = describeSplit(split, version);
  } else if (split) {
    // KServe v0.20 Standard mode: the stable predictor keeps the served version and a named canary
    // predictor gets the new one; `trafficPercent` is the canary's share. The object also names the
    // stable version, so the next render reads back what the stable predictor serves.
    const stableUri =
      split.stable.artifactUri ?? placeholderUri(model.value.spec.registry.name, split.stable.version);
    spec.predictor = predictor(model, ctx, stableUri, false);
    const canaryPredictor = predictor(model, ctx, current, false);
    // The canary's model container embeds a core Container whose `name` the v0.20 CRD requires
    // there (not on the stable predictor); `kserve-container` is the name KServe gives it anyway.
    canaryPredictor.model = { ...(canaryPredictor.model as object), name: "kserve-container" };
    spec.canary = [
      { predictor: { ...canaryPredictor, name: CANARY_PREDICTOR_NAME }, trafficPercent: split.share },
    ];
    annotations[STABLE_VERSION_ANNOTATION] = `${model.value.spec.registry.name}/${split.stable.version}`;
    annotations[CANARY_ANNOTATION] = describeSplit(split, version);
  } else {
    spec.predictor = predictor(model, ctx, current, knative);
    if (canary) annotations[CANARY_ANNOTATION] = NO_SPLIT;
  }

  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: objectMeta(
      model.name,
      modelNamespace(model, ctx),
      "serving",
      modelSource(model),
      ctx,
      annotations,
    ),
    spec,
  };
}

function predictor(
  model: Model,
  ctx: RenderContext,
  storageUri: string,
  knative: boolean,
): Record<string, unknown> {
  const serving = model.value.spec.serving;
  const format = serving.format ?? "mlflow";
  const container: Record<string, unknown> = {
    modelFormat: { name: MODEL_FORMAT[format] },
    storageUri,
    resources: containerResources(serving),
    env: containerEnv(serving),
  };
  const protocol = V2_ONLY.has(format) ? "v2" : serving.protocol;
  if (protocol !== undefined) container.protocolVersion = protocol;
  if (format === "vllm") container.args = ["--backend=vllm"];
  const out: Record<string, unknown> = {
    model: container,
    minReplicas: serving.replicas.min,
    maxReplicas: serving.replicas.max,
    serviceAccountName: serving.serviceAccount,
    ...gpuPlacement(serving, ctx),
  };
  const timeout = modelLoadTimeoutSeconds(serving);
  // Knative fails a revision that is not ready within its progress deadline (default 10 minutes); in
  // Standard mode the deploy's own health wait reads the `slipway.dev/model-load-timeout` annotation.
  if (knative && timeout !== undefined) out.annotations = { [KNATIVE_PROGRESS_DEADLINE]: `${timeout}s` };
  return out;
}
