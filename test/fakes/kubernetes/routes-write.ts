import YAML from "yaml";
import type { KubeObject } from "../../../src/render/kube-object.ts";
import { apiVersionOf, type KindSpec, qualifiedResource } from "./catalog.ts";
import { deepEqual, dotted, isPlainObject } from "./field-set.ts";
import { type FieldConflict, mergeApply, specPart } from "./merge.ts";
import { notFound } from "./routes-read.ts";
import type { FakeState } from "./state.ts";
import { badRequest, invalid, type Reply, statusReply } from "./status.ts";
import { ObjectStore, render, type StoredObject } from "./store.ts";
import { validateMetadata } from "./validate-object.ts";

export interface WriteRequest {
  readonly spec: KindSpec;
  readonly namespace: string | null;
  readonly name: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string;
  readonly body: string;
}

const APPLY_TYPE = "application/apply-patch+yaml";
const kindLabel = (spec: KindSpec) => (spec.group ? `${spec.kind}.${spec.group}` : spec.kind);
const subject = (spec: KindSpec, name: string) => ({
  name,
  ...(spec.group ? { group: spec.group } : {}),
  kind: spec.plural,
});

function optionsInvalid(type: "PatchOptions" | "DeleteOptions", field: string, message: string): Reply {
  return statusReply(422, `${type}.meta.k8s.io "" is invalid: ${field}: ${message}`, {
    subject: { group: "meta.k8s.io", kind: type },
    causes: [{ reason: "FieldValueInvalid", message, field }],
  });
}

function dryRunProblem(query: Readonly<Record<string, string>>, type: "PatchOptions" | "DeleteOptions") {
  const value = query.dryRun;
  if (value === undefined || value === "All") return undefined;
  return optionsInvalid(type, "dryRun", `Unsupported value: "${value}": supported values: "All"`);
}

/** The apiserver's message for an apply refused by other managers' fields. */
function conflictReply(spec: KindSpec, name: string, conflicts: readonly FieldConflict[]): Reply {
  const unique = [...new Map(conflicts.map((c) => [`${c.manager}\0${dotted(c.path)}`, c])).values()];
  const lines = unique.map((c) => `conflict with "${c.manager}" using ${c.apiVersion}: ${dotted(c.path)}`);
  const message =
    unique.length === 1
      ? `Apply failed with 1 conflict: ${lines[0]}`
      : `Apply failed with ${unique.length} conflicts: ${lines.join("\n")}`;
  return statusReply(409, message, {
    subject: subject(spec, name),
    causes: unique.map((c) => ({
      type: "FieldManagerConflict",
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: dotted(c.path),
    })),
  });
}

const fail = (message: string) => ({ reply: badRequest(message) });

function parseBody(req: WriteRequest): { object: KubeObject } | { reply: Reply } {
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
export function applyObject(state: FakeState, req: WriteRequest): Reply {
  const { spec, name } = req;
  if (req.contentType !== APPLY_TYPE)
    return statusReply(
      415,
      `the fake API server serves only server-side apply (${APPLY_TYPE}), not ${req.contentType || "no content type"}`,
    );
  const manager = req.query.fieldManager;
  if (!manager)
    return optionsInvalid("PatchOptions", "fieldManager", "Required value: is required for apply patch");
  const dryRunBad = dryRunProblem(req.query, "PatchOptions");
  if (dryRunBad) return dryRunBad;
  const body = parseBody(req);
  if ("reply" in body) return body.reply;
  const { object } = body;
  const meta = validateMetadata(object);
  if (meta.decodeError) return badRequest(meta.decodeError);
  const causes = [...meta.causes, ...state.admission.flatMap((check) => check(object, spec))];
  if (causes.length > 0) return invalid(kindLabel(spec), name, subject(spec, name), causes);
  const key = ObjectStore.key(spec, req.namespace, name);
  const live = state.store.objects.get(key);
  if (!live && spec.namespaced && !state.store.hasNamespace(req.namespace ?? ""))
    return statusReply(404, `namespaces "${req.namespace}" not found`, {
      subject: { name: req.namespace ?? "", kind: "namespaces" },
    });
  const precondition = object.metadata.resourceVersion;
  if (live && precondition !== undefined && precondition !== live.object.metadata.resourceVersion)
    return statusReply(
      409,
      `Operation cannot be fulfilled on ${qualifiedResource(spec)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { subject: subject(spec, name) },
    );
  const now = state.store.now();
  const merged = mergeApply(spec, live, object, manager, req.query.force === "true", now);
  if (!merged.ok) return conflictReply(spec, name, merged.conflicts);
  const dryRun = req.query.dryRun === "All";
  if (live && !merged.changed) return { status: 200, body: render(live) };
  const next: StoredObject = { spec, object: merged.object, managers: merged.managers };
  const m = next.object.metadata;
  if (!live) {
    m.uid = state.store.nextUid();
    m.creationTimestamp = now;
    m.generation = 1;
  } else if (!deepEqual(specPart(live.object), specPart(next.object))) {
    m.generation = Number(live.object.metadata.generation ?? 0) + 1;
  }
  // A dry run stores nothing and so takes no resourceVersion; a dry-run create has none at all.
  if (!dryRun) {
    m.resourceVersion = state.store.nextRevision();
    state.store.objects.set(key, next);
  } else if (!live) delete m.resourceVersion;
  return { status: live ? 200 : 201, body: render(next) };
}

const POLICIES = ["Foreground", "Background", "Orphan"];

/** DELETE: immediate (the fake has no garbage collector or finalizers; see README). */
export function deleteObject(state: FakeState, req: WriteRequest): Reply {
  const { spec, namespace, name } = req;
  let policy = req.query.propagationPolicy;
  if (policy === undefined && req.body.trim() !== "") {
    try {
      const options = JSON.parse(req.body) as { propagationPolicy?: unknown };
      if (typeof options.propagationPolicy === "string") policy = options.propagationPolicy;
    } catch {
      return badRequest("error decoding DeleteOptions: the body is not JSON");
    }
  }
  if (policy !== undefined && !POLICIES.includes(policy))
    return optionsInvalid(
      "DeleteOptions",
      "propagationPolicy",
      `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  const dryRunBad = dryRunProblem(req.query, "DeleteOptions");
  if (dryRunBad) return dryRunBad;
  const key = ObjectStore.key(spec, namespace, name);
  const live = state.store.objects.get(key);
  if (!live) return notFound(spec, name);
  if (req.query.dryRun !== "All") {
    state.store.objects.delete(key);
    // Deleting a namespace deletes what is in it (the namespace controller, done at once here).
    if (spec.kind === "Namespace")
      for (const [k, s] of state.store.objects)
        if (s.object.metadata.namespace === name) state.store.objects.delete(k);
    state.store.nextRevision();
  }
  return statusReply(200, "", {
    subject: { ...subject(spec, name), uid: String(live.object.metadata.uid ?? "") },
  });
}
