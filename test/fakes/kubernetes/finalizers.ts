import type { KubeObject } from "../../../src/render/kube-object.ts";
import { qualifiedResource } from "./catalog.ts";
import type { FakeState } from "./state.ts";
import { type Reply, statusReply } from "./status.ts";
import type { ObjectStore, StoredObject } from "./store.ts";

/**
 * Deletion as the API server and its controllers do it. An object without finalizers goes at once. One
 * with finalizers is only marked: `deletionTimestamp` set (with `deletionGracePeriodSeconds: 0`,
 * generation moved), and it stays — readable, writable — until the last finalizer is removed by
 * whoever put it there; then it goes. A Namespace is marked Terminating: the namespace controller
 * (run here at once) deletes what is in it, and the Namespace goes once nothing is left; meanwhile
 * nothing new may be created in it.
 */

const finalizersOf = (object: KubeObject): string[] =>
  Array.isArray(object.metadata.finalizers) ? (object.metadata.finalizers as string[]) : [];

const isNamespace = (stored: StoredObject) => stored.spec.kind === "Namespace" && stored.spec.group === "";

/** Deletes the object or marks it for deletion; true when it is gone. */
export function deleteStored(store: ObjectStore, key: string, stored: StoredObject): boolean {
  if (isNamespace(stored)) return terminateNamespace(store, key, stored);
  if (finalizersOf(stored.object).length === 0) {
    remove(store, key, stored);
    return true;
  }
  if (stored.object.metadata.deletionTimestamp === undefined) markDeleting(store, stored);
  return false;
}

function markDeleting(store: ObjectStore, stored: StoredObject): void {
  const m = stored.object.metadata;
  m.deletionTimestamp = store.now();
  m.deletionGracePeriodSeconds = 0;
  if (typeof m.generation === "number") m.generation += 1;
  m.resourceVersion = store.nextRevision();
}

function remove(store: ObjectStore, key: string, stored: StoredObject): void {
  store.objects.delete(key);
  store.nextRevision();
  const namespace = stored.object.metadata.namespace;
  if (namespace) reapNamespace(store, namespace);
}

/** After a write: an object marked for deletion whose last finalizer was just removed goes. */
export function reapIfFinalized(store: ObjectStore, key: string): void {
  const stored = store.objects.get(key);
  if (!stored || stored.object.metadata.deletionTimestamp === undefined) return;
  if (isNamespace(stored)) {
    reapNamespace(store, stored.object.metadata.name);
    return;
  }
  if (finalizersOf(stored.object).length === 0) remove(store, key, stored);
}

function terminateNamespace(store: ObjectStore, key: string, stored: StoredObject): boolean {
  const name = stored.object.metadata.name;
  if (stored.object.metadata.deletionTimestamp === undefined) {
    stored.object.spec = { finalizers: ["kubernetes"] };
    stored.object.status = { phase: "Terminating" };
    markDeleting(store, stored);
  }
  for (const [k, s] of [...store.objects])
    if (s.object.metadata.namespace === name) deleteStored(store, k, s);
  reapNamespace(store, name);
  return !store.objects.has(key);
}

/** The namespace controller's last step: a Terminating Namespace with nothing left in it goes. */
function reapNamespace(store: ObjectStore, name: string): void {
  const key = `/namespaces//${name}`;
  const ns = store.objects.get(key);
  if (!ns || ns.object.metadata.deletionTimestamp === undefined) return;
  if ([...store.objects.values()].some((s) => s.object.metadata.namespace === name)) return;
  store.objects.delete(key);
  store.nextRevision();
}

/**
 * The NamespaceLifecycle admission plugin: a create in a namespace being terminated is refused with 403
 * and the cause `NamespaceTerminating` (updates and deletes of what is there are allowed).
 */
export function refuseInTerminating(
  state: FakeState,
  spec: StoredObject["spec"],
  namespace: string | null,
  name: string,
): Reply | undefined {
  if (!namespace) return undefined;
  const ns = state.store.objects.get(`/namespaces//${namespace}`);
  if (ns?.object.metadata.deletionTimestamp === undefined) return undefined;
  const what = name ? `${qualifiedResource(spec)} "${name}"` : qualifiedResource(spec);
  return statusReply(
    403,
    `${what} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    {
      subject: { ...(name ? { name } : {}), ...(spec.group ? { group: spec.group } : {}), kind: spec.plural },
      causes: [
        {
          type: "NamespaceTerminating",
          message: `namespace ${namespace} is being terminated`,
          field: "metadata.namespace",
        },
      ],
    },
  );
}

/**
 * `ValidateObjectMetaUpdate`: no finalizer may be added to an object being deleted (422), since it
 * could hold the deletion back forever.
 */
export function addedFinalizers(live: KubeObject, next: KubeObject): string[] {
  if (live.metadata.deletionTimestamp === undefined) return [];
  const before = new Set(finalizersOf(live));
  return finalizersOf(next).filter((f) => !before.has(f));
}
