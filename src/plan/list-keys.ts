import { groupOf } from "../render/kube-object.ts";

/**
 * How server-side apply merges the list at a path of one kind (field names, `[]` for an item): the
 * fields that name its items, or null for an atomic list — replaced whole and owned whole, so an
 * item another manager added is a difference, not someone else's field. The plan compares lists the
 * way the API server will merge them.
 */
export type ListKeys = (path: readonly string[]) => readonly string[] | null;

/**
 * The associative lists of the built-in types (`+listType=map` in k8s.io/api), by field name: the same
 * wherever a pod spec or a container appears. Ports are a container's; a Service's are keyed by port.
 */
const BUILTIN: Readonly<Record<string, readonly string[]>> = {
  containers: ["name"],
  initContainers: ["name"],
  ephemeralContainers: ["name"],
  volumes: ["name"],
  env: ["name"],
  volumeMounts: ["mountPath"],
  volumeDevices: ["devicePath"],
  imagePullSecrets: ["name"],
  resourceClaims: ["name"],
  claims: ["name"],
  schedulingGates: ["name"],
  hostAliases: ["ip"],
  topologySpreadConstraints: ["topologyKey", "whenUnsatisfiable"],
  ports: ["containerPort", "protocol"],
};

/**
 * KServe's CRDs declare fewer: `containers`, `volumes` and `tolerations` of a predictor are atomic
 * there, only these are maps (test/plan/list-keys.test.ts checks this against the upstream schema).
 */
const KSERVE: Readonly<Record<string, readonly string[]>> = {
  env: ["name"],
  volumeMounts: ["mountPath"],
  volumeDevices: ["devicePath"],
  resourceClaims: ["name"],
  claims: ["name"],
  schedulingGates: ["name"],
  topologySpreadConstraints: ["topologyKey", "whenUnsatisfiable"],
  ports: ["containerPort", "protocol"],
};

const BUILTIN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "networking.k8s.io",
  "rbac.authorization.k8s.io",
  "coordination.k8s.io",
]);

/** Key fields the API server defaults, so an item that omits them is still named (a port's protocol). */
export const KEY_DEFAULTS: Readonly<Record<string, string>> = { protocol: "TCP" };

/**
 * The list semantics of `apiVersion`'s group and `kind`: built-in kinds by their types' keys, KServe's
 * by its schema, and every other custom resource's lists atomic — a CRD list is atomic unless its schema
 * says `x-kubernetes-list-type: map`, and Seldon's, Flux's and prometheus-operator's Slipway renders say
 * none.
 */
export function listKeysOf(apiVersion: string, kind: string): ListKeys {
  const group = groupOf(apiVersion);
  const last = (path: readonly string[]) => path[path.length - 1] ?? "";
  if (BUILTIN_GROUPS.has(group))
    return (path) => {
      if (group === "" && kind === "Service" && path.join(".") === "spec.ports") return ["port", "protocol"];
      return BUILTIN[last(path)] ?? null;
    };
  if (group === "serving.kserve.io") return (path) => KSERVE[last(path)] ?? null;
  return () => null;
}
