import type { KubeObject } from "../../../src/render/kube-object.ts";
import { isPlainObject } from "./field-set.ts";
import type { StatusCause } from "./status.ts";

/** `metav1.RFC3339Micro`: Go's time.Parse wants exactly six fraction digits for this layout. */
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)$/;
const LAYOUT = "2006-01-02T15:04:05.000000Z07:00";

const unmarshal = (value: unknown, field: string, type: string) =>
  `json: cannot unmarshal ${Array.isArray(value) ? "array" : typeof value} into Go struct field LeaseSpec.spec.${field} of type ${type}`;

/**
 * A Lease's spec as the API server decodes and validates it (`ValidateLeaseSpec`): wrong JSON types and
 * unparsable MicroTimes are decoding errors (400), a duration that is not positive or a negative
 * transition count are invalid fields (422).
 */
export function validateLeaseSpec(object: KubeObject): { decodeError?: string; causes: StatusCause[] } {
  const causes: StatusCause[] = [];
  const spec = object.spec;
  if (spec === undefined) return { causes };
  if (!isPlainObject(spec)) return { decodeError: unmarshal(spec, "spec", "v1.LeaseSpec"), causes };
  const { holderIdentity, leaseDurationSeconds, leaseTransitions, acquireTime, renewTime } = spec;
  if (holderIdentity !== undefined && typeof holderIdentity !== "string")
    return { decodeError: unmarshal(holderIdentity, "holderIdentity", "string"), causes };
  for (const [field, value] of [
    ["leaseDurationSeconds", leaseDurationSeconds],
    ["leaseTransitions", leaseTransitions],
  ] as const) {
    if (value !== undefined && !Number.isInteger(value))
      return { decodeError: unmarshal(value, field, "int32"), causes };
  }
  for (const [field, value] of [
    ["acquireTime", acquireTime],
    ["renewTime", renewTime],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== "string") return { decodeError: unmarshal(value, field, "v1.MicroTime"), causes };
    if (!MICRO_TIME.test(value) || Number.isNaN(Date.parse(value)))
      return { decodeError: `parsing time "${value}" as "${LAYOUT}": cannot parse`, causes };
  }
  if (typeof leaseDurationSeconds === "number" && leaseDurationSeconds <= 0)
    causes.push({
      message: `Invalid value: ${leaseDurationSeconds}: must be greater than 0`,
      field: "spec.leaseDurationSeconds",
    });
  if (typeof leaseTransitions === "number" && leaseTransitions < 0)
    causes.push({
      message: `Invalid value: ${leaseTransitions}: must be greater than or equal to 0`,
      field: "spec.leaseTransitions",
    });
  return { causes };
}
