import type { KindSpec } from "./catalog.ts";
import { type Reply, statusReply } from "./status.ts";

/** A write addressed to one object: its kind, namespace and name from the URL, the query and the body. */
export interface WriteRequest {
  readonly spec: KindSpec;
  readonly namespace: string | null;
  readonly name: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string;
  readonly body: string;
}

export const subject = (spec: KindSpec, name: string) => ({
  name,
  ...(spec.group ? { group: spec.group } : {}),
  kind: spec.plural,
});

/** A `PatchOptions`/`DeleteOptions` field the API server refuses (422). */
export function optionsInvalid(
  type: "PatchOptions" | "DeleteOptions",
  field: string,
  message: string,
): Reply {
  return statusReply(422, `${type}.meta.k8s.io "" is invalid: ${field}: ${message}`, {
    subject: { group: "meta.k8s.io", kind: type },
    causes: [{ reason: "FieldValueInvalid", message, field }],
  });
}

export function dryRunProblem(
  query: Readonly<Record<string, string>>,
  type: "PatchOptions" | "DeleteOptions",
) {
  const value = query.dryRun;
  if (value === undefined || value === "All") return undefined;
  return optionsInvalid(type, "dryRun", `Unsupported value: "${value}": supported values: "All"`);
}
