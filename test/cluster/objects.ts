import type { KubeObject } from "../../src/render/kube-object.ts";

export const OWNED = { "app.kubernetes.io/managed-by": "slipway", "slipway.dev/environment": "staging" };

export function deployment(
  name: string,
  options: { namespace?: string; replicas?: number; image?: string; labels?: Record<string, string> } = {},
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name,
      namespace: options.namespace ?? "ml",
      labels: { ...OWNED, app: name, ...options.labels },
    },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "server", image: options.image ?? "ghcr.io/acme/server:1" }] },
      },
    },
  };
}

export function configMap(
  name: string,
  data: Record<string, string>,
  options: { namespace?: string; labels?: Record<string, string> } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: options.namespace ?? "ml", labels: { ...OWNED, ...options.labels } },
    data,
  };
}

export function inferenceService(
  name: string,
  options: { namespace?: string; storageUri?: string } = {},
): KubeObject {
  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: { name, namespace: options.namespace ?? "ml", labels: { ...OWNED } },
    spec: {
      predictor: {
        model: { modelFormat: { name: "lightgbm" }, storageUri: options.storageUri ?? "s3://models/fraud/7" },
      },
    },
  };
}
