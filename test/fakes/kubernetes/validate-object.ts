import type { KubeObject } from "../../../src/render/kube-object.ts";
import { isPlainObject } from "./field-set.ts";
import type { StatusCause } from "./status.ts";

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253))
    return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'";
  if (!LABEL_NAME.test(name) || name.length > 63)
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/**
 * The metadata checks every write gets (`ValidateObjectMeta`): a DNS-1123 subdomain name, qualified
 * label and annotation keys, label values of at most 63 valid characters. Values that are not strings
 * are a decoding error (400) rather than an invalid field, so they are reported separately.
 */
export function validateMetadata(object: KubeObject): { decodeError?: string; causes: StatusCause[] } {
  const causes: StatusCause[] = [];
  const { name, labels, annotations } = object.metadata;
  if (typeof name !== "string" || name === "")
    causes.push({
      reason: "FieldValueRequired",
      message: "Required value: name or generateName is required",
      field: "metadata.name",
    });
  else if (!DNS_SUBDOMAIN.test(name) || name.length > 253)
    causes.push({
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      field: "metadata.name",
    });
  for (const [field, map] of [
    ["labels", labels],
    ["annotations", annotations],
  ] as const) {
    if (map === undefined) continue;
    if (!isPlainObject(map)) return { decodeError: `metadata.${field} must be a map of strings`, causes };
    for (const [key, value] of Object.entries(map)) {
      if (typeof value !== "string")
        return {
          decodeError: `json: cannot unmarshal ${typeof value} into Go struct field ObjectMeta.metadata.${field} of type string`,
          causes,
        };
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem)
        causes.push({ message: `Invalid value: "${key}": ${keyProblem}`, field: `metadata.${field}` });
      if (field === "labels" && (!LABEL_VALUE.test(value) || value.length > 63))
        causes.push({
          message: `Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)`,
          field: `metadata.labels`,
        });
    }
  }
  return { causes };
}
