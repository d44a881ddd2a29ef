import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import type { KindSpec } from "./catalog.ts";

/**
 * How the API server merges the list at a path (field names, `[]` for an item) of one kind: the keys
 * that name its items (`x-kubernetes-list-type: map`), or undefined for an atomic list — replaced
 * whole, owned whole. Sets (`set`) are atomic here.
 */
export type ListKeysAt = (path: readonly string[]) => readonly string[] | undefined;

/**
 * The built-in types' associative lists (`+listType=map` in k8s.io/api), by field name — the same
 * wherever a pod spec or container appears. A Service's `spec.ports` is keyed by port, a container's
 * by containerPort; both with protocol.
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

const builtinKeys =
  (spec: KindSpec): ListKeysAt =>
  (path) => {
    if (spec.kind === "Service" && path.join(".") === "spec.ports") return ["port", "protocol"];
    return BUILTIN[path[path.length - 1] ?? ""];
  };

/** The upstream CRDs beside the repository (`../shared/reference/crds/`), for the kinds they cover. */
const CRD_DIR = new URL("../../../../shared/reference/crds/", import.meta.url).pathname;
const CRD_FILES: Readonly<Record<string, string>> = {
  "serving.kserve.io/InferenceService": "serving.kserve.io_inferenceservices.yaml",
  "serving.kserve.io/ServingRuntime": "serving.kserve.io_servingruntimes.yaml",
  "mlops.seldon.io/Model": "mlops.seldon.io_models.yaml",
  "mlops.seldon.io/Experiment": "mlops.seldon.io_experiments.yaml",
};

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-list-map-keys"?: string[];
}

/** Every map list of a structural schema, by path (`spec.predictor.containers[].env`). */
function mapLists(node: SchemaNode | undefined, path: string[], out: Map<string, string[]>): void {
  if (!node) return;
  if (node.type === "array") {
    if (node["x-kubernetes-list-type"] === "map")
      out.set(path.join("."), node["x-kubernetes-list-map-keys"] ?? []);
    mapLists(node.items, [...path, "[]"], out);
  }
  for (const [field, child] of Object.entries(node.properties ?? {})) mapLists(child, [...path, field], out);
  if (typeof node.additionalProperties === "object") mapLists(node.additionalProperties, [...path, "*"], out);
}

const loaded = new Map<string, Map<string, string[]> | null>();
let warned = false;

/** The map lists the reference CRD declares for this kind and version; null when there is no reference. */
function crdMapLists(spec: KindSpec): Map<string, string[]> | null {
  const key = `${spec.group}/${spec.kind}/${spec.version}`;
  if (loaded.has(key)) return loaded.get(key) ?? null;
  const file = CRD_FILES[`${spec.group}/${spec.kind}`];
  let lists: Map<string, string[]> | null = null;
  if (file) {
    try {
      const crd = load(readFileSync(`${CRD_DIR}${file}`, "utf8")) as {
        spec: { versions: { name: string; schema: { openAPIV3Schema: SchemaNode } }[] };
      };
      const version = crd.spec.versions.find((v) => v.name === spec.version);
      lists = new Map();
      mapLists(version?.schema.openAPIV3Schema, [], lists);
    } catch {
      if (!warned)
        process.stderr.write(
          `fake Kubernetes: ${CRD_DIR} is not readable; every list of a custom resource is atomic\n`,
        );
      warned = true;
    }
  }
  loaded.set(key, lists);
  return lists;
}

/**
 * How lists of `spec`'s objects merge: built-in kinds by their types' keys; custom resources as their
 * CRD's schema says — atomic unless it declares `x-kubernetes-list-type: map`, which is the API server's
 * default for a CRD list. Kinds without a reference CRD here (Flux, prometheus-operator) are all atomic.
 */
export function listKeysFor(spec: KindSpec): ListKeysAt {
  if (spec.builtin) return builtinKeys(spec);
  const lists = crdMapLists(spec);
  return (path) => lists?.get(path.join("."));
}
