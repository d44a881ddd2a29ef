import type { Manifest } from "../manifests/snapshot.ts";
import { canarySplit, type TrafficSplit } from "./canary-split.ts";
import type { KubeObject } from "./kube-object.ts";
import { objectMeta, selectorLabels } from "./labels.ts";
import type { RenderContext } from "./render-context.ts";
import { CANARY_ANNOTATION, NO_SPLIT } from "./render-inference-service.ts";
import {
  containerEnv,
  containerResources,
  gpuPlacement,
  MODEL_VERSION_ANNOTATION,
  modelLoadTimeoutSeconds,
  modelNamespace,
  modelSource,
  servingAnnotations,
} from "./serving-common.ts";

type Model = Manifest<"Model">;

export const DEFAULT_PORT = 8080;
/** Marks the canary's pods (runtime `deployment`), so its selector never matches the stable pods' ReplicaSet. */
export const TRACK_LABEL = "slipway.dev/track";

/**
 * Model with runtime `deployment` (a plain image) → Deployment + Service + HorizontalPodAutoscaler.
 * The Deployment leaves `replicas` unset: with an HPA scaling it, a `replicas` field in the applied
 * configuration would reset the scale on every apply (Kubernetes' server-side apply docs recommend
 * removing it from the manifest). The model-load timeout becomes `progressDeadlineSeconds`, after which
 * the Deployment reports `Progressing=False` and the deploy rolls back.
 */
export function renderDeployment(model: Model, ctx: RenderContext): KubeObject[] {
  const serving = model.value.spec.serving;
  const namespace = modelNamespace(model, ctx);
  const source = modelSource(model);
  const annotations = servingAnnotations(model, ctx);
  const port = serving.port ?? DEFAULT_PORT;
  const selector = selectorLabels(model.name);
  const split = canarySplit(model, ctx);
  const meta = (extra: Record<string, string> = {}) =>
    objectMeta(model.name, namespace, "serving", source, ctx, { ...annotations, ...extra });
  if (serving.canary && !split) annotations[CANARY_ANNOTATION] = NO_SPLIT;

  const stableImage = split ? (split.stable.image ?? serving.image ?? "") : (serving.image ?? "");
  const stableMeta = split
    ? meta({ [MODEL_VERSION_ANNOTATION]: `${model.value.spec.registry.name}/${split.stable.version}` })
    : meta();
  const deployment: KubeObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: stableMeta,
    spec: {
      selector: { matchLabels: selector },
      progressDeadlineSeconds: modelLoadTimeoutSeconds(serving),
      template: podTemplate(model, ctx, { ...selector }, stableImage, port),
    },
  };
  const service: KubeObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(),
    spec: {
      // Stable and canary pods alike: during a canary the share follows the replica ratio.
      selector: { ...selector },
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    },
  };
  const hpa: KubeObject = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: meta(),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: model.name },
      // An HPA cannot scale to zero without the HPAScaleToZero feature gate; it keeps one replica.
      minReplicas: Math.max(1, serving.replicas.min),
      maxReplicas: serving.replicas.max,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } },
        },
      ],
    },
  };
  if (!split) return [deployment, service, hpa];
  return [deployment, service, hpa, canaryDeployment(model, ctx, split, port)];
}

/**
 * The new version beside the stable one, behind the same Service: its share of traffic is its share of
 * the pods — approximate (the Service balances connections, not requests, and the stable Deployment's
 * HPA may add pods), and said so. Its own selector adds the track, so the two ReplicaSets never adopt
 * each other's pods.
 */
function canaryDeployment(model: Model, ctx: RenderContext, split: TrafficSplit, port: number): KubeObject {
  const serving = model.value.spec.serving;
  const stablePods = Math.max(1, serving.replicas.min);
  const pods = canaryReplicas(stablePods, split.share);
  const labels = { ...selectorLabels(model.name), [TRACK_LABEL]: "canary" };
  const share = pods === 0 ? 0 : Math.round((100 * pods) / (pods + stablePods));
  const words = `≈${share}% to version ${model.value.spec.registry.version} (${pods} of ${pods + stablePods} pods at the stable minimum; a replica ratio, approximate), asked ${split.share}%`;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: objectMeta(
      `${model.name}-canary`,
      modelNamespace(model, ctx),
      "serving",
      modelSource(model),
      ctx,
      {
        ...servingAnnotations(model, ctx),
        [CANARY_ANNOTATION]: words,
      },
    ),
    spec: {
      replicas: pods,
      selector: { matchLabels: labels },
      progressDeadlineSeconds: modelLoadTimeoutSeconds(serving),
      template: podTemplate(model, ctx, labels, serving.image ?? "", port),
    },
  };
}

/** Pods for the new version so that pods / (pods + stable) comes nearest `share` percent, at least one. */
export function canaryReplicas(stablePods: number, share: number): number {
  if (share <= 0) return 0;
  return Math.max(1, Math.round((stablePods * share) / (100 - share)));
}

function podTemplate(
  model: Model,
  ctx: RenderContext,
  labels: Record<string, string>,
  image: string,
  port: number,
): Record<string, unknown> {
  const serving = model.value.spec.serving;
  const container: Record<string, unknown> = {
    name: "model",
    image,
    ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
    resources: containerResources(serving),
    env: containerEnv(serving),
  };
  return {
    metadata: { labels },
    spec: {
      serviceAccountName: serving.serviceAccount,
      containers: [container],
      ...gpuPlacement(serving, ctx),
    },
  };
}
