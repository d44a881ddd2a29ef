import YAML from "yaml";
import type { KubeObject } from "../../../src/render/kube-object.ts";
import { apiVersionOf } from "./catalog.ts";
import { isPlainObject } from "./field-set.ts";
import { badRequest, type Reply } from "./status.ts";
import type { WriteRequest } from "./write-options.ts";

const fail = (message: string) => ({ reply: badRequest(message) });

/** The applied configuration, checked against the URL as the API server does (400 when they disagree). */
export function parseBody(req: WriteRequest): { object: KubeObject } | { reply: Reply } {
  let parsed: unknown;
  try {
    parsed = YAML.parse(req.body);
  } catch (error) {
    return fail(`error decoding YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!isPlainObject(parsed)) return fail("error decoding YAML: the body is not an object");
  if (typeof parsed.apiVersion !== "string" || parsed.apiVersion === "")
    return fail("Object 'apiVersion' is missing in the body");
  if (typeof parsed.kind !== "string" || parsed.kind === "")
    return fail("Object 'Kind' is missing in the body");
  if (parsed.apiVersion !== apiVersionOf(req.spec))
    return fail(
      `the API version in the data (${parsed.apiVersion}) does not match the expected API version (${apiVersionOf(req.spec)})`,
    );
  if (parsed.kind !== req.spec.kind)
    return fail(`the kind in the data (${parsed.kind}) does not match the expected kind (${req.spec.kind})`);
  const metadata = isPlainObject(parsed.metadata) ? { ...parsed.metadata } : {};
  if (metadata.name !== undefined && metadata.name !== req.name)
    return fail(
      `the name of the object (${String(metadata.name)}) does not match the name on the URL (${req.name})`,
    );
  if (metadata.managedFields !== undefined) return fail("metadata.managedFields must be nil");
  if (req.spec.namespaced) {
    if (metadata.namespace !== undefined && metadata.namespace !== req.namespace)
      return fail("the namespace of the provided object does not match the namespace sent on the request");
    metadata.namespace = req.namespace;
  } else delete metadata.namespace;
  metadata.name = req.name;
  return { object: { ...(parsed as KubeObject), metadata: metadata as KubeObject["metadata"] } };
}

/** Server-side apply (`PATCH` with `application/apply-patch+yaml`). */
