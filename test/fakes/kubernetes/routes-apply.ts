import type { KindSpec } from "./catalog.ts";
import { qualifiedResource } from "./catalog.ts";
import { deepEqual, dotted } from "./field-set.ts";
import { addedFinalizers, reapIfFinalized, refuseInTerminating } from "./finalizers.ts";
import { type FieldConflict, mergeApply, specPart } from "./merge.ts";
import { parseBody } from "./parse-applied.ts";
import type { FakeState } from "./state.ts";
import { badRequest, invalid, type Reply, type StatusCause, statusReply } from "./status.ts";
import { ObjectStore, render, type StoredObject } from "./store.ts";
import { validateMetadata } from "./validate-object.ts";
import { sizeProblems, updateProblems } from "./validate-update.ts";
import { dryRunProblem, optionsInvalid, subject, type WriteRequest } from "./write-options.ts";

const APPLY_TYPE = "application/apply-patch+yaml";
const kindLabel = (spec: KindSpec) => (spec.group ? `${spec.kind}.${spec.group}` : spec.kind);

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
  const key = ObjectStore.key(spec, req.namespace, name);
  const live = state.store.objects.get(key);
  const causes = [
    ...meta.causes,
    ...state.admission.flatMap((check) => check(object, spec, live && render(live))),
  ];
  if (causes.length > 0) return invalid(kindLabel(spec), name, subject(spec, name), causes);
  if (!live && spec.namespaced && !state.store.hasNamespace(req.namespace ?? ""))
    return statusReply(404, `namespaces "${req.namespace}" not found`, {
      subject: { name: req.namespace ?? "", kind: "namespaces" },
    });
  const terminating = live ? undefined : refuseInTerminating(state, spec, req.namespace, name);
  if (terminating) return terminating;
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
  const added = live ? addedFinalizers(live.object, merged.object) : [];
  // What the merged object may not be: immutable fields changed, finalizers added while deleting, too big.
  const refused: StatusCause[] = [
    ...(live ? updateProblems(spec, live.object, merged.object) : []),
    ...(added.length > 0
      ? [
          {
            reason: "FieldValueForbidden",
            message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(", ")}}`,
            field: "metadata.finalizers",
          },
        ]
      : []),
    ...sizeProblems(spec, merged.object),
  ];
  if (refused.length > 0) return invalid(kindLabel(spec), name, subject(spec, name), refused);
  const dryRun = req.query.dryRun === "All";
  if (live && !merged.changed) return { status: 200, body: render(live, spec) };
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
    // Removing the last finalizer of an object being deleted lets it go.
    reapIfFinalized(state.store, key);
  } else if (!live) delete m.resourceVersion;
  return { status: live ? 200 : 201, body: render(next) };
}
