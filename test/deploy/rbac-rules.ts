import type { ClusterPort } from "../../src/cluster/cluster-port.ts";
import { groupOf, type KubeObject } from "../../src/render/kube-object.ts";
import { DEFAULT_KINDS } from "../fakes/kubernetes/catalog.ts";
import { exampleEnvironment, renderTemplate, VARIANTS } from "../render/render-fixtures.ts";
import { label, type Manifest } from "./kustomize-build.ts";

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/**
 * The RBAC verbs each ClusterPort method needs. Typed by the port's method names, so a new method does
 * not type-check until someone decides what it needs here (and in deploy/bound-namespace). Discovery is
 * granted to every authenticated user by the built-in `system:discovery` ClusterRole. Server-side apply
 * is a PATCH, and the API server also checks `create` when the object does not exist yet.
 */
const VERBS_BY_METHOD = {
  kindInfo: [],
  servedKind: [],
  list: ["list"],
  get: ["get"],
  apply: ["create", "patch"],
  create: ["create"],
  delete: ["delete"],
} as const satisfies Record<keyof ClusterPort, readonly string[]>;

export const ENGINE_VERBS: readonly string[] = [...new Set(Object.values(VERBS_BY_METHOD).flat())].sort();

export const rulesOf = (role: Manifest): Rule[] => (role.rules as Rule[] | undefined) ?? [];

/** Every `*` in a Role or ClusterRole, located by object and rule. */
export function wildcardProblems(objects: readonly Manifest[]): string[] {
  const problems: string[] = [];
  for (const role of objects.filter((o) => o.kind === "Role" || o.kind === "ClusterRole")) {
    rulesOf(role).forEach((rule, i) => {
      for (const field of ["apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"] as const) {
        if (rule[field]?.some((v) => v.includes("*")))
          problems.push(`${label(role)} rule ${i + 1}: wildcard in ${field}`);
      }
    });
  }
  return problems;
}

/** `group/resource` → verbs granted, over all rules of a Role. */
export function grants(role: Manifest): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const rule of rulesOf(role)) {
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        const key = `${group}/${resource}`;
        const verbs = out.get(key) ?? new Set<string>();
        for (const verb of rule.verbs ?? []) verbs.add(verb);
        out.set(key, verbs);
      }
    }
  }
  return new Map([...out].map(([key, verbs]) => [key, [...verbs].sort()]));
}

/** A Role's rules on Leases: verbs and the names they are limited to (none: any), sorted. */
export function leaseRules(role: Manifest): { verbs: string[]; resourceNames: string[] }[] {
  return rulesOf(role)
    .filter((r) => r.apiGroups?.includes("coordination.k8s.io") && r.resources?.includes("leases"))
    .map((r) => ({ verbs: [...(r.verbs ?? [])].sort(), resourceNames: [...(r.resourceNames ?? [])].sort() }));
}

/** `group/resource`, with the resource named as the API serves it (the fake API server's catalogue). */
function resourceOf(object: KubeObject): string {
  const group = groupOf(object.apiVersion);
  const spec = DEFAULT_KINDS.find((k) => k.group === group && k.kind === object.kind);
  if (!spec)
    throw new Error(`the render emits ${object.apiVersion} ${object.kind}, unknown to the catalogue`);
  return `${group}/${spec.plural}`;
}

/**
 * What the renderer can emit: the template and every serving variant of it (each runtime, KServe mode
 * and canary shape), rendered for both example environments.
 */
export async function renderedResources(): Promise<Set<string>> {
  const renders = await Promise.all([
    ...ENVIRONMENTS.map((env) =>
      renderTemplate(() => {}, { environment: env, binding: exampleEnvironment(env) }),
    ),
    ...VARIANTS.map((v) => renderTemplate(v.mutate, v.options)),
  ]);
  return new Set(renders.flatMap((r) => r.objects.map(resourceOf)));
}

export const ENVIRONMENTS = ["staging", "production"] as const;

/** The namespaces the template's objects land in, rendered with the example binding of `environment`. */
export async function renderedNamespaces(environment: (typeof ENVIRONMENTS)[number]): Promise<Set<string>> {
  const { objects } = await renderTemplate(() => {}, {
    environment,
    binding: exampleEnvironment(environment),
  });
  return new Set(objects.map((o) => o.metadata.namespace ?? "(cluster-scoped)"));
}
