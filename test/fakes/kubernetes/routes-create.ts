import type { KindSpec } from "./catalog.ts";
import { qualifiedResource } from "./catalog.ts";
import { seedObject } from "./direct-writes.ts";
import { isPlainObject } from "./field-set.ts";
import { refuseInTerminating } from "./finalizers.ts";
import { parseBody } from "./parse-applied.ts";
import type { FakeState } from "./state.ts";
import { badRequest, invalid, type Reply, statusReply } from "./status.ts";
import { ObjectStore, render } from "./store.ts";
import { validateMetadata } from "./validate-object.ts";
import { sizeProblems } from "./validate-update.ts";
import { dryRunProblem, subject } from "./write-options.ts";

const JSON_TYPE = "application/json";
const kindLabel = (spec: KindSpec) => (spec.group ? `${spec.kind}.${spec.group}` : spec.kind);

export interface CreateRequest {
  readonly spec: KindSpec;
  readonly namespace: string | null;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string;
  readonly body: string;
}

/**
 * `POST` to a collection (served for ConfigMaps; Leases have `routes-lease.ts`): the object as JSON,
 * named in its body. A taken name is refused with 409 `AlreadyExists` — what makes a create the
 * race-free first write of an object several writers share. A body carrying a `resourceVersion` is
 * refused, as the API server does. The write is an `Update` by `fieldManager`.
 */
export function createObject(state: FakeState, req: CreateRequest): Reply {
  if (req.contentType !== JSON_TYPE)
    return statusReply(
      415,
      `the fake API server takes creates as ${JSON_TYPE}, not ${req.contentType || "no content type"}`,
    );
  const dryRunBad = dryRunProblem(req.query, "PatchOptions");
  if (dryRunBad) return dryRunBad;
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    return badRequest("error decoding the body: it is not JSON");
  }
  const meta = isPlainObject(parsed) ? parsed.metadata : undefined;
  const name = isPlainObject(meta) && typeof meta.name === "string" ? meta.name : "";
  const body = parseBody({ ...req, name });
  if ("reply" in body) return body.reply;
  const { object } = body;
  const checked = validateMetadata(object);
  if (checked.decodeError) return badRequest(checked.decodeError);
  const causes = [
    ...checked.causes,
    ...sizeProblems(req.spec, object),
    ...state.admission.flatMap((check) => check(object, req.spec, undefined)),
  ];
  if (causes.length > 0) return invalid(kindLabel(req.spec), name, subject(req.spec, name), causes);
  if (object.metadata.resourceVersion !== undefined)
    return badRequest("resourceVersion should not be set on objects to be created");
  const key = ObjectStore.key(req.spec, req.spec.namespaced ? req.namespace : null, name);
  if (state.store.objects.has(key))
    return statusReply(409, `${qualifiedResource(req.spec)} "${name}" already exists`, {
      reason: "AlreadyExists",
      subject: subject(req.spec, name),
    });
  if (req.spec.namespaced && !state.store.hasNamespace(req.namespace ?? ""))
    return statusReply(404, `namespaces "${req.namespace}" not found`, {
      subject: { name: req.namespace ?? "", kind: "namespaces" },
    });
  const terminating = refuseInTerminating(state, req.spec, req.namespace, name);
  if (terminating) return terminating;
  if (req.query.dryRun === "All") return { status: 201, body: object };
  seedObject(state.store, req.spec, key, object, req.query.fieldManager || "unknown");
  const stored = state.store.objects.get(key);
  return { status: 201, body: stored ? render(stored) : object };
}
