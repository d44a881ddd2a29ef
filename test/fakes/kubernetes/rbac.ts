import { isPlainObject } from "./field-set.ts";
import { type Identity, serviceAccountOf } from "./identity.ts";
import type { ObjectStore } from "./store.ts";

/** What the authorizer decides on (`authorizer.Attributes`): a resource request or a path. */
export type RequestAttributes =
  | {
      readonly resourceRequest: true;
      readonly verb: string;
      readonly apiGroup: string;
      readonly resource: string;
      readonly subresource: string;
      /** "" for cluster-scoped requests and lists across namespaces. */
      readonly namespace: string;
      /** "" for lists and POST creates (the name is in the body, so `resourceNames` cannot match it). */
      readonly name: string;
    }
  | { readonly resourceRequest: false; readonly verb: string; readonly path: string };

interface Rule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

function rulesOf(object: Record<string, unknown> | undefined): Rule[] {
  const rules = Array.isArray(object?.rules) ? object.rules : [];
  return rules.filter(isPlainObject).map((r) => ({
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    verbs: strings(r.verbs),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  }));
}

const has = (list: readonly string[], value: string) => list.includes("*") || list.includes(value);

/** `rbac/v1` `RuleAllows`: verbs, groups, `resource[/subresource]` (or `*\/sub`), then names when listed. */
function ruleAllows(rule: Rule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest)
    return rule.nonResourceURLs.some(
      (url) => url === "*" || url === a.path || (url.endsWith("*") && a.path.startsWith(url.slice(0, -1))),
    );
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resourceOk = rule.resources.some(
    (r) => r === "*" || r === combined || (a.subresource !== "" && r === `*/${a.subresource}`),
  );
  if (!resourceOk) return false;
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(a.name);
}

function subjectMatches(subject: unknown, user: Identity, bindingNamespace: string): boolean {
  if (!isPlainObject(subject)) return false;
  const { kind, name, namespace } = subject;
  if (kind === "User") return name === user.name;
  if (kind === "Group") return typeof name === "string" && user.groups.includes(name);
  if (kind !== "ServiceAccount") return false;
  const sa = serviceAccountOf(user.name);
  // A ServiceAccount subject without a namespace means the binding's own (RoleBinding only).
  return sa !== undefined && sa.name === name && sa.namespace === (namespace ?? bindingNamespace);
}

const RBAC = "rbac.authorization.k8s.io/";

/**
 * RBAC as the API server evaluates it, on the Roles, ClusterRoles and their bindings stored in the fake
 * (so a test that edits a Role changes what is allowed at the next request): a ClusterRoleBinding's
 * ClusterRole applies everywhere; a RoleBinding's Role or ClusterRole only in the binding's namespace.
 * Deny is the default; there is no deny rule. Aggregated ClusterRoles are not expanded.
 */
export function rbacAllows(store: ObjectStore, user: Identity, a: RequestAttributes): boolean {
  const objects = [...store.objects.entries()]
    .filter(([key]) => key.startsWith(RBAC))
    .map(([, s]) => s.object);
  const find = (kind: string, namespace: string | undefined, name: unknown) =>
    objects.find(
      (o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? undefined) === namespace,
    ) as Record<string, unknown> | undefined;
  const requestNamespace = a.resourceRequest ? a.namespace : "";
  for (const binding of objects) {
    if (binding.kind !== "RoleBinding" && binding.kind !== "ClusterRoleBinding") continue;
    const namespace = binding.metadata.namespace ?? "";
    if (binding.kind === "RoleBinding" && (requestNamespace === "" || requestNamespace !== namespace))
      continue;
    const subjects = Array.isArray(binding.subjects) ? binding.subjects : [];
    if (!subjects.some((s) => subjectMatches(s, user, namespace))) continue;
    const ref = isPlainObject(binding.roleRef) ? binding.roleRef : {};
    const role =
      ref.kind === "ClusterRole"
        ? find("ClusterRole", undefined, ref.name)
        : binding.kind === "RoleBinding" && ref.kind === "Role"
          ? find("Role", namespace, ref.name)
          : undefined;
    if (rulesOf(role).some((rule) => ruleAllows(rule, a))) return true;
  }
  return false;
}
