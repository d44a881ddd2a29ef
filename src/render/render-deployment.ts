import type { Manifest } from "../manifests/snapshot.ts";
import type { KubeObject } from "./kube-object.ts";
import { objectMeta, selectorLabels } from "./labels.ts";
import type { RenderContext } from "./render-context.ts";
import {
  containerEnv,
  containerResources,
  gpuPlacement,
  modelLoadTimeoutSeconds,
  modelNamespace,
  modelSource,
  servingAnnotations,
} from "./serving-common.ts";

type Model = Manifest<"Model">;

export const DEFAULT_PORT = 8080;

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
  const meta = () => objectMeta(model.name, namespace, "serving", source, ctx, annotations);

  const container: Record<string, unknown> = {
    name: "model",
    image: serving.image ?? "",
    ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
    resources: containerResources(serving),
    env: containerEnv(serving),
  };
  const deployment: KubeObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(),
    spec: {
      selector: { matchLabels: selector },
      progressDeadlineSeconds: modelLoadTimeoutSeconds(serving),
      template: {
        metadata: { labels: { ...selector } },
        spec: {
          serviceAccountName: serving.serviceAccount,
          containers: [container],
          ...gpuPlacement(serving, ctx),
        },
      },
    },
  };
  const service: KubeObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(),
    spec: {
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
  return [deployment, service, hpa];
}
