import { Deployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
} from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { Namespace, Service, ServiceAccount } from "kubernetes-models/v1";
import type { Manifest } from "./kustomize-build.ts";

type Model = new (data: never) => { validate(): void };

/**
 * Validators generated from the Kubernetes OpenAPI schemas (`kubernetes-models`), for every kind the
 * overlays may contain. An object of any other kind is a failure, not a skip: nothing ships unvalidated.
 */
const MODELS: Record<string, Model> = {
  "v1/Namespace": Namespace,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/Deployment": Deployment,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "rbac.authorization.k8s.io/v1/ClusterRole": ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": ClusterRoleBinding,
};

/** null when the object is valid; else why not. */
export function schemaProblem(object: Manifest): string | null {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return `no Kubernetes schema known for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(structuredClone(object) as never).validate();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
