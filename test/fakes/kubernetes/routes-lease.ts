import type { KubeObject } from "../../../src/render/kube-object.ts";
import { type KindSpec, qualifiedResource } from "./catalog.ts";
import { editObject, seedObject } from "./direct-writes.ts";
import { isPlainObject } from "./field-set.ts";
import { reapIfFinalized, refuseInTerminating } from "./finalizers.ts";
import { parseBody } from "./parse-applied.ts";
import type { FakeState } from "./state.ts";
import { badRequest, invalid, type Reply, statusReply } from "./status.ts";
import { ObjectStore, render } from "./store.ts";
import { validateLeaseSpec } from "./validate-lease.ts";
import { validateMetadata } from "./validate-object.ts";
import { dryRunProblem, subject, type WriteRequest } from "./write-options.ts";

/** A create or replace: the URL's name is null for a create (the name is in the body). */
export type LeaseWrite = Omit<WriteRequest, "name"> & { readonly name: string | null };

const JSON_TYPE = "application/json";

function modified(spec: KindSpec, name: string): Reply {
  return statusReply(
    409,
    `Operation cannot be fulfilled on ${qualifiedResource(spec)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { subject: subject(spec, name) },
  );
}

/** The body decoded and validated as the API server does for a Lease, or the answer refusing it. */
function decode(state: FakeState, req: LeaseWrite): { object: KubeObject } | { reply: Reply } {
  if (req.contentType !== JSON_TYPE)
    return {
      reply: statusReply(
        415,
        `the fake API server takes Lease creates and replaces as ${JSON_TYPE}, not ${req.contentType || "no content type"}`,
      ),
    };
  const dryRunBad = dryRunProblem(req.query, "PatchOptions");
  if (dryRunBad) return { reply: dryRunBad };
  let name = req.name;
  if (name === null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.body);
    } catch {
      return { reply: badRequest("error decoding the body: it is not JSON") };
    }
    const meta = isPlainObject(parsed) ? parsed.metadata : undefined;
    name = isPlainObject(meta) && typeof meta.name === "string" ? meta.name : "";
  }
  const body = parseBody({ ...req, name });
  if ("reply" in body) return body;
  const { object } = body;
  const meta = validateMetadata(object);
  const lease = validateLeaseSpec(object);
  const decodeError = meta.decodeError ?? lease.decodeError;
  if (decodeError) return { reply: badRequest(decodeError) };
  const causes = [
    ...meta.causes,
    ...lease.causes,
    ...state.admission.flatMap((c) => {
      const stored = state.store.objects.get(ObjectStore.key(req.spec, req.namespace, name));
      return c(object, req.spec, stored && render(stored));
    }),
  ];
  if (causes.length > 0)
    return { reply: invalid("Lease.coordination.k8s.io", name, subject(req.spec, name), causes) };
  return { object };
}

/**
 * `POST` and `PUT` for `coordination.k8s.io/v1` Leases, what leader election (client-go's LeaseLock)
 * uses: a create is refused with 409 `AlreadyExists` when the name is taken; a replace carrying a
 * `metadata.resourceVersion` that is not the stored one is refused with 409 `Conflict` (optimistic
 * concurrency), one without is unconditional. The write is an `Update` by `fieldManager`.
 */
export function writeLease(state: FakeState, method: "POST" | "PUT", req: LeaseWrite): Reply {
  const decoded = decode(state, req);
  if ("reply" in decoded) return decoded.reply;
  const { object } = decoded;
  const { spec } = req;
  const name = object.metadata.name;
  const manager = req.query.fieldManager || "unknown";
  const key = ObjectStore.key(spec, req.namespace, name);
  const live = state.store.objects.get(key);
  const precondition = object.metadata.resourceVersion;
  const dryRun = req.query.dryRun === "All";
  if (method === "POST" || !live) {
    if (live)
      return statusReply(409, `${qualifiedResource(spec)} "${name}" already exists`, {
        reason: "AlreadyExists",
        subject: subject(spec, name),
      });
    // Leases may be created by a PUT (their strategy allows create on update), whatever resourceVersion
    // it names: the store's update finds nothing to compare it with and clears it, as for any create.
    delete object.metadata.resourceVersion;
    if (!state.store.hasNamespace(req.namespace ?? ""))
      return statusReply(404, `namespaces "${req.namespace}" not found`, {
        subject: { name: req.namespace ?? "", kind: "namespaces" },
      });
    const terminating = refuseInTerminating(state, spec, req.namespace, name);
    if (terminating) return terminating;
    if (dryRun) return { status: 201, body: { ...object, metadata: { ...object.metadata, uid: "dry-run" } } };
    seedObject(state.store, spec, key, object, manager);
    const stored = state.store.objects.get(key);
    return { status: 201, body: stored ? render(stored) : object };
  }
  if (precondition !== undefined && precondition !== live.object.metadata.resourceVersion)
    return modified(spec, name);
  if (dryRun) return { status: 200, body: render(live) };
  const written = editObject(state.store, live, manager, (edited) => {
    for (const field of Object.keys(edited))
      if (field !== "metadata" && field !== "status") delete (edited as Record<string, unknown>)[field];
    const { metadata, status: _ignored, ...rest } = object;
    Object.assign(edited, rest);
    for (const field of ["labels", "annotations", "ownerReferences"] as const) {
      if (metadata[field] === undefined) delete edited.metadata[field];
      else edited.metadata[field] = structuredClone(metadata[field]) as never;
    }
  });
  reapIfFinalized(state.store, key);
  return { status: 200, body: written };
}
