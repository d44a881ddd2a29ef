import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { load } from "js-yaml";

/**
 * The upstream CRDs of `../shared/reference/crds/` (beside the repository, read-only in CI). Their
 * `openAPIV3Schema` is JSON Schema plus Kubernetes extensions; as the README there says, the
 * `x-kubernetes-*` keywords are dropped (int-or-string → integer or string, preserve-unknown-fields →
 * any object). Objects with declared properties get `additionalProperties: false`, which is what the
 * API server's strict field validation does with an unknown field — so a misspelt field fails the test.
 */
const CRD_DIR = new URL("../../../shared/reference/crds/", import.meta.url).pathname;

const FILES: Record<string, string> = {
  "serving.kserve.io/InferenceService": "serving.kserve.io_inferenceservices.yaml",
  "mlops.seldon.io/Model": "mlops.seldon.io_models.yaml",
  "mlops.seldon.io/Experiment": "mlops.seldon.io_experiments.yaml",
};

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

/** A validator for `apiVersion`'s group and `kind`, at the version the object names. */
export function crdValidator(apiVersion: string, kind: string): ValidateFunction {
  const [group, version] = apiVersion.split("/");
  const key = `${group}/${kind}`;
  const file = FILES[key];
  if (!file) throw new Error(`no reference CRD for ${key}`);
  const cacheKey = `${key}/${version}`;
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const crd = load(readFileSync(`${CRD_DIR}${file}`, "utf8")) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: unknown } }[] };
  };
  const served = crd.spec.versions.find((v) => v.name === version);
  if (!served) throw new Error(`${file} has no version ${version}`);
  const validate = ajv.compile(toJsonSchema(served.schema.openAPIV3Schema) as object);
  compiled.set(cacheKey, validate);
  return validate;
}

export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const source = node as Record<string, unknown>;
  if (source["x-kubernetes-int-or-string"] === true) {
    const { type: _type, ...rest } = strip(source);
    return { ...rest, anyOf: [{ type: "integer" }, { type: "string" }] };
  }
  if (source["x-kubernetes-preserve-unknown-fields"] === true && source.properties === undefined) {
    return { type: "object" };
  }
  const out = strip(source);
  for (const key of ["properties", "patternProperties", "definitions"]) {
    const map = out[key] as Record<string, unknown> | undefined;
    if (map) out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, toJsonSchema(v)]));
  }
  for (const key of ["items", "additionalProperties", "not"]) {
    if (out[key] !== undefined && typeof out[key] === "object") out[key] = toJsonSchema(out[key]);
  }
  for (const key of ["allOf", "anyOf", "oneOf"])
    if (Array.isArray(out[key])) out[key] = toJsonSchema(out[key]);
  if (
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    source["x-kubernetes-preserve-unknown-fields"] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function strip(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).filter(([k]) => !k.startsWith("x-kubernetes-")));
}
