import type { Manifest } from "../manifests/snapshot.ts";
import { canarySplit, describeSplit, type TrafficSplit } from "./canary-split.ts";
import type { KubeObject } from "./kube-object.ts";
import { objectMeta } from "./labels.ts";
import type { RenderContext } from "./render-context.ts";
import { CANARY_ANNOTATION, NO_SPLIT } from "./render-inference-service.ts";
import {
  artifactUri,
  MODEL_VERSION_ANNOTATION,
  modelNamespace,
  modelSource,
  placeholderUri,
  servingAnnotations,
} from "./serving-common.ts";

type Model = Manifest<"Model">;
type Format = NonNullable<Model["value"]["spec"]["serving"]["format"]>;

export const SELDON_API_VERSION = "mlops.seldon.io/v1alpha1";

/**
 * Server capabilities a Model requires, as Seldon Core 2's default MLServer and Triton servers
 * advertise them (`SELDON_SERVER_CAPABILITIES` in `k8s/yaml/components.yaml`). vLLM has no Seldon
 * server and is rejected by validation.
 */
const REQUIREMENTS: Record<Exclude<Format, "vllm">, string> = {
  mlflow: "mlflow",
  sklearn: "sklearn",
  xgboost: "xgboost",
  lightgbm: "lightgbm",
  huggingface: "huggingface",
  triton: "triton",
  onnx: "onnx",
  pytorch: "pytorch",
  tensorflow: "tensorflow",
};

/**
 * Model → Seldon Core 2 `Model`; with a canary and a different version already served, the served
 * version stays on `<name>` and the new one runs as `<name>-canary`, joined by an `Experiment` that
 * takes over `<name>`'s endpoint (`default`) and splits traffic by relative weight. Seldon Servers own
 * node placement, so GPU tolerations belong to the Server, not the Model.
 */
export function renderSeldon(model: Model, ctx: RenderContext): KubeObject[] {
  const namespace = modelNamespace(model, ctx);
  const source = modelSource(model);
  const annotations = servingAnnotations(model, ctx);
  const canary = model.value.spec.serving.canary;
  const version = String(model.value.spec.registry.version);
  const current = artifactUri(model, ctx).uri;
  const split = canarySplit(model, ctx);

  if (!split) {
    if (canary) annotations[CANARY_ANNOTATION] = NO_SPLIT;
    return [seldonModel(model.name, model, ctx, current, annotations)];
  }
  const stableUri =
    split.stable.artifactUri ?? placeholderUri(model.value.spec.registry.name, split.stable.version);
  const canaryName = `${model.name}-canary`;
  const words = describeSplit(split, version);
  const stable = seldonModel(model.name, model, ctx, stableUri, {
    ...annotations,
    [MODEL_VERSION_ANNOTATION]: `${model.value.spec.registry.name}/${split.stable.version}`,
  });
  const candidate = seldonModel(canaryName, model, ctx, current, {
    ...annotations,
    [CANARY_ANNOTATION]: words,
  });
  const experiment: KubeObject = {
    apiVersion: SELDON_API_VERSION,
    kind: "Experiment",
    metadata: objectMeta(canaryName, namespace, "serving", source, ctx, { [CANARY_ANNOTATION]: words }),
    spec: experimentSpec(model.name, canaryName, split),
  };
  return [stable, candidate, experiment];
}

/**
 * The Experiment that takes over `<name>`'s endpoint (`default`): candidates by relative weight, or the
 * stable version alone with a mirror to the new one (shadow). At share 0 — a rollout rolling back — the
 * stable version is the only candidate, and the new one gets no request.
 */
function experimentSpec(name: string, canaryName: string, split: TrafficSplit): Record<string, unknown> {
  if (split.mirror)
    return { default: name, candidates: [{ name, weight: 100 }], mirror: { name: canaryName, percent: 100 } };
  if (split.share === 0) return { default: name, candidates: [{ name, weight: 100 }] };
  return {
    default: name,
    candidates: [
      { name, weight: 100 - split.share },
      { name: canaryName, weight: split.share },
    ],
  };
}

function seldonModel(
  name: string,
  model: Model,
  ctx: RenderContext,
  storageUri: string,
  annotations: Record<string, string>,
): KubeObject {
  const serving = model.value.spec.serving;
  const format = serving.format === undefined || serving.format === "vllm" ? "mlflow" : serving.format;
  const spec: Record<string, unknown> = {
    storageUri,
    requirements: [REQUIREMENTS[format]],
    // Seldon scales between min and max by load; `replicas` is the starting count, at least one.
    replicas: Math.max(1, serving.replicas.min),
    minReplicas: serving.replicas.min,
    maxReplicas: serving.replicas.max,
  };
  if (serving.resources?.memory !== undefined) spec.memory = String(serving.resources.memory);
  return {
    apiVersion: SELDON_API_VERSION,
    kind: "Model",
    metadata: objectMeta(name, modelNamespace(model, ctx), "serving", modelSource(model), ctx, annotations),
    spec,
  };
}
