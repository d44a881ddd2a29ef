import type { KubeObject } from "../render/kube-object.ts";
import { COMPONENT_LABEL } from "../render/labels.ts";

/**
 * Apply stages, in order: namespaces and CRDs before anything that lives in them or is typed by them
 * (kustomize-controller applies them in a first stage for the same reason), then configuration the
 * workloads mount, the feature store before the models that read it, models before the monitors that
 * watch them, and the platform charts last. Deletions run in the reverse order, after every apply.
 */
export const TIERS = [
  "namespaces",
  "crds",
  "config",
  "feature-store",
  "models",
  "monitors",
  "platform",
] as const;
export type Tier = (typeof TIERS)[number];

const CONFIG_KINDS = new Set([
  "ConfigMap",
  "Secret",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ClusterRole",
  "ClusterRoleBinding",
]);

const BY_COMPONENT: Record<string, Tier> = {
  "feature-store": "feature-store",
  serving: "models",
  monitoring: "monitors",
  platform: "platform",
};

const BY_KIND: Record<string, Tier> = {
  InferenceService: "models",
  Model: "models",
  Experiment: "models",
  Deployment: "models",
  Service: "models",
  HorizontalPodAutoscaler: "models",
  PrometheusRule: "monitors",
  HelmRepository: "platform",
  HelmRelease: "platform",
  Job: "feature-store",
  CronJob: "monitors",
};

/** The stage an object is applied in: by kind for namespaces, CRDs and config; else by its component label. */
export function tierOf(object: KubeObject): Tier {
  if (object.kind === "Namespace") return "namespaces";
  if (object.kind === "CustomResourceDefinition") return "crds";
  if (CONFIG_KINDS.has(object.kind)) return "config";
  const component = object.metadata.labels?.[COMPONENT_LABEL];
  return (component && BY_COMPONENT[component]) || BY_KIND[object.kind] || "models";
}

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}
