import type { KubeObject } from "../../../src/render/kube-object.ts";
import type { KindSpec } from "./catalog.ts";
import { deepEqual, leafPaths, pathKey } from "./field-set.ts";
import { reapIfFinalized } from "./finalizers.ts";
import { mergeUpdate, specPart, trackedPart } from "./merge.ts";
import { ObjectStore, render, type StoredObject } from "./store.ts";

/**
 * Writes a test makes behind the API's back, as other actors in a cluster would: an object created by
 * hand, a controller's status, another field manager's edit. Each moves resourceVersion like a write.
 */

/** Creates the object as `manager` with an Update (as `kubectl create` does), status included. */
export function seedObject(
  store: ObjectStore,
  spec: KindSpec,
  key: string,
  input: KubeObject,
  manager: string,
): void {
  if (store.objects.has(key)) throw new Error(`fake Kubernetes: ${key} already exists`);
  const object = structuredClone(input);
  const now = store.now();
  Object.assign(object.metadata, {
    uid: store.nextUid(),
    creationTimestamp: now,
    generation: 1,
    resourceVersion: store.nextRevision(),
  });
  const fields = new Set(leafPaths(trackedPart(object, spec)).map(pathKey));
  const managers =
    fields.size > 0
      ? [{ manager, operation: "Update" as const, apiVersion: object.apiVersion, time: now, fields }]
      : [];
  store.objects.set(key, { spec, object, managers });
}

/** What a controller writes to `/status`: resourceVersion moves, generation never does. */
export function writeStatus(
  store: ObjectStore,
  stored: StoredObject,
  status: Record<string, unknown>,
): KubeObject {
  stored.object = { ...structuredClone(stored.object), status: structuredClone(status) };
  stored.object.metadata.resourceVersion = store.nextRevision();
  return render(stored);
}

/** An Update by another field manager: it takes the fields it changes; generation moves with the spec. */
export function editObject(
  store: ObjectStore,
  stored: StoredObject,
  manager: string,
  edit: (object: KubeObject) => void,
): KubeObject {
  const edited = structuredClone(stored.object);
  edit(edited);
  const merged = mergeUpdate(stored.spec, stored, edited, manager, store.now());
  if (!merged.changed) return render(stored);
  if (!deepEqual(specPart(stored.object), specPart(edited)))
    edited.metadata.generation = Number(stored.object.metadata.generation ?? 0) + 1;
  edited.metadata.resourceVersion = store.nextRevision();
  stored.object = edited;
  stored.managers = merged.managers;
  const rendered = render(stored);
  // A controller removing the last finalizer of an object being deleted lets it go.
  reapIfFinalized(
    store,
    ObjectStore.key(stored.spec, edited.metadata.namespace ?? null, edited.metadata.name),
  );
  return rendered;
}
