/** One kind the fake serves, as discovery describes it. */
export interface KindSpec {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** Built-in kinds' LIST items omit apiVersion/kind (typed lists); custom resources keep them. */
  readonly builtin: boolean;
  /** Served with a `/status` subresource: the main resource ignores `status` in writes. */
  readonly statusSubresource: boolean;
}

const core = (kind: string, plural: string, namespaced: boolean, status = false): KindSpec => ({
  group: "",
  version: "v1",
  kind,
  plural,
  namespaced,
  builtin: true,
  statusSubresource: status,
});

const builtin = (group: string, version: string, kind: string, plural: string): KindSpec => ({
  group,
  version,
  kind,
  plural,
  namespaced: true,
  builtin: true,
  statusSubresource: !group.startsWith("rbac"),
});

const custom = (group: string, version: string, kind: string, plural: string): KindSpec => ({
  group,
  version,
  kind,
  plural,
  namespaced: true,
  builtin: false,
  statusSubresource: true,
});

/** The kinds Slipway renders and reads (`grep kind: src/render`), plus the CRDs they depend on. */
export const DEFAULT_KINDS: readonly KindSpec[] = [
  core("Namespace", "namespaces", false, true),
  core("ConfigMap", "configmaps", true),
  core("Secret", "secrets", true),
  core("ServiceAccount", "serviceaccounts", true),
  core("Service", "services", true, true),
  core("Pod", "pods", true, true),
  builtin("apps", "v1", "Deployment", "deployments"),
  builtin("batch", "v1", "Job", "jobs"),
  builtin("batch", "v1", "CronJob", "cronjobs"),
  builtin("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
  builtin("coordination.k8s.io", "v1", "Lease", "leases"),
  builtin("rbac.authorization.k8s.io", "v1", "Role", "roles"),
  builtin("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings"),
  { ...builtin("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles"), namespaced: false },
  {
    ...builtin("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings"),
    namespaced: false,
  },
  custom("serving.kserve.io", "v1beta1", "InferenceService", "inferenceservices"),
  custom("serving.kserve.io", "v1alpha1", "ServingRuntime", "servingruntimes"),
  custom("mlops.seldon.io", "v1alpha1", "Model", "models"),
  custom("mlops.seldon.io", "v1alpha1", "Experiment", "experiments"),
  // Two served versions of one kind, one storage: an object is the same whichever version reads it.
  custom("helm.toolkit.fluxcd.io", "v2", "HelmRelease", "helmreleases"),
  custom("helm.toolkit.fluxcd.io", "v2beta1", "HelmRelease", "helmreleases"),
  custom("source.toolkit.fluxcd.io", "v1", "HelmRepository", "helmrepositories"),
  custom("monitoring.coreos.com", "v1", "PrometheusRule", "prometheusrules"),
  custom("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors"),
  {
    ...custom("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions"),
    builtin: true,
    namespaced: false,
  },
];

export function apiVersionOf(spec: KindSpec): string {
  return spec.group === "" ? spec.version : `${spec.group}/${spec.version}`;
}

/**
 * `Kind` or `Kind.group` (`Model.mlops.seldon.io`), as `kubectl` spells a kind — every version of it —
 * or one version: `HelmRelease.helm.toolkit.fluxcd.io/v2beta1`.
 */
export function matchesKindName(spec: KindSpec, name: string): boolean {
  if (name.includes("/")) return name === `${spec.kind}.${spec.group}/${spec.version}`;
  return name === spec.kind || name === `${spec.kind}.${spec.group}` || name === spec.plural;
}

/** `deployments.apps`, or `configmaps` for the core group: how the API names a resource in messages. */
export function qualifiedResource(spec: KindSpec): string {
  return spec.group === "" ? spec.plural : `${spec.plural}.${spec.group}`;
}
