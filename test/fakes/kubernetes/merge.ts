import type { KubeObject } from "../../../src/render/kube-object.ts";
import { enclosingItem, fromItemMaps, itemKeyFields, toItemMaps } from "./associative-lists.ts";
import type { KindSpec } from "./catalog.ts";
import {
  deepEqual,
  deleteAt,
  type FieldPath,
  getAt,
  isPlainObject,
  leafPaths,
  overlaps,
  pathKey,
  setAt,
} from "./field-set.ts";
import { listKeysFor } from "./list-types.ts";
import { type ManagerEntry, ownedPaths, SERVER_METADATA, type StoredObject } from "./store.ts";

/** A field another manager owns with a different value than the applier sends. */
export interface FieldConflict {
  readonly manager: string;
  readonly apiVersion: string;
  readonly path: FieldPath;
}

export type MergeResult =
  | {
      readonly ok: true;
      readonly object: KubeObject;
      readonly managers: ManagerEntry[];
      readonly changed: boolean;
    }
  | { readonly ok: false; readonly conflicts: readonly FieldConflict[] };

/**
 * The part of an object whose fields have owners — no identity, no server metadata, no status — with
 * associative lists as maps of their items.
 */
export function trackedPart(object: KubeObject, spec: KindSpec): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(object);
  delete out.apiVersion;
  delete out.kind;
  const meta = isPlainObject(out.metadata) ? out.metadata : {};
  for (const key of ["name", "namespace", ...SERVER_METADATA]) delete meta[key];
  if (Object.keys(meta).length === 0) delete out.metadata;
  if (spec.statusSubresource) delete out.status;
  return toItemMaps(out, listKeysFor(spec)) as Record<string, unknown>;
}

/** What a change to generation looks at: everything but metadata and status. */
export function specPart(object: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
}

const cloneEntry = (m: ManagerEntry): ManagerEntry => ({ ...m, fields: new Set(m.fields) });

/**
 * Server-side apply by `manager` (structured-merge-diff's rules, lists atomic): conflicts on fields
 * others own with a different value unless `force`; fields the manager applied before and no longer
 * applies are removed unless someone else owns them; the manager then owns exactly what it applied.
 */
export function mergeApply(
  spec: KindSpec,
  live: StoredObject | undefined,
  body: KubeObject,
  manager: string,
  force: boolean,
  now: string,
): MergeResult {
  const applied = trackedPart(body, spec);
  const appliedPaths = leafPaths(applied);
  const managers = (live?.managers ?? []).map(cloneEntry);
  const mine = managers.find((m) => m.manager === manager && m.operation === "Apply");
  const others = managers.filter((m) => m !== mine);
  const conflicts: FieldConflict[] = [];
  const liveFields = live ? toItemMaps(live.object, listKeysFor(spec)) : undefined;
  for (const p of appliedPaths) {
    if (live && deepEqual(getAt(applied, p), getAt(liveFields, p))) continue;
    for (const other of others)
      for (const q of ownedPaths(other))
        if (overlaps(p, q)) {
          conflicts.push({
            manager: other.manager,
            apiVersion: other.apiVersion,
            path: q.length > p.length ? q : p,
          });
          if (force) other.fields.delete(pathKey(q));
        }
  }
  if (conflicts.length > 0 && !force) return { ok: false, conflicts };
  // Worked on with associative lists as item maps; turned back into lists at the end.
  const fieldsOf = (liveFields ?? {
    apiVersion: body.apiVersion,
    kind: body.kind,
    metadata: {
      name: body.metadata.name,
      ...(body.metadata.namespace ? { namespace: body.metadata.namespace } : {}),
    },
  }) as KubeObject;
  const appliedKeys = new Set(appliedPaths.map(pathKey));
  const emptied = new Map<string, FieldPath>();
  for (const q of mine ? ownedPaths(mine) : []) {
    if (appliedKeys.has(pathKey(q)) || appliedPaths.some((p) => overlaps(p, q))) continue;
    if (others.some((o) => ownedPaths(o).some((r) => overlaps(q, r)))) continue;
    const item = enclosingItem(q);
    if (item) emptied.set(pathKey(item), item);
    // An item's key goes with the item (below), never alone: it is the item's identity.
    if (
      item?.length === q.length - 1 &&
      itemKeyFields(item[item.length - 1] ?? "").includes(q[q.length - 1] ?? "")
    )
      continue;
    deleteAt(fieldsOf, q);
  }
  // Items this apply emptied of everything but their key are removed whole.
  for (const item of [...emptied.values()].reverse()) {
    const left = getAt(fieldsOf, item);
    const keys = isPlainObject(left) ? Object.keys(left) : [];
    const named = itemKeyFields(item[item.length - 1] ?? "");
    if (keys.every((k) => named.includes(k))) deleteAt(fieldsOf, item);
  }
  for (const p of appliedPaths) {
    const value = getAt(applied, p);
    // An empty map claims the map, it does not clear what others put in it.
    if (isPlainObject(value) && isPlainObject(getAt(fieldsOf, p))) continue;
    setAt(fieldsOf, p, value);
  }
  const object = fromItemMaps(fieldsOf) as KubeObject;
  object.apiVersion = body.apiVersion;
  const entry = mine ?? {
    manager,
    operation: "Apply" as const,
    apiVersion: body.apiVersion,
    time: now,
    fields: new Set<string>(),
  };
  const fieldsChanged =
    !deepEqual([...entry.fields].sort(), [...appliedKeys].sort()) || entry.apiVersion !== body.apiVersion;
  const changed =
    !live || fieldsChanged || !deepEqual(object, live.object) || managers.some((m) => m.fields.size === 0);
  if (fieldsChanged || !mine)
    Object.assign(entry, { apiVersion: body.apiVersion, time: now, fields: appliedKeys });
  const next = mine ? managers : [...managers, entry];
  return { ok: true, object, managers: next.filter((m) => m.fields.size > 0), changed };
}

/**
 * A non-apply write (`kubectl edit`, a controller's update) by `manager`: it takes every field whose
 * value it changed — from whoever owned it, without conflicts — as Kubernetes does for updates.
 */
export function mergeUpdate(
  spec: KindSpec,
  live: StoredObject,
  edited: KubeObject,
  manager: string,
  now: string,
): { object: KubeObject; managers: ManagerEntry[]; changed: boolean } {
  const before = trackedPart(live.object, spec);
  const after = trackedPart(edited, spec);
  const all = new Map<string, FieldPath>();
  for (const p of [...leafPaths(before), ...leafPaths(after)]) all.set(pathKey(p), p);
  const changedPaths = [...all.values()].filter((p) => !deepEqual(getAt(before, p), getAt(after, p)));
  if (changedPaths.length === 0) return { object: live.object, managers: live.managers, changed: false };
  const managers = live.managers.map(cloneEntry);
  let entry = managers.find((m) => m.manager === manager && m.operation === "Update");
  if (!entry) {
    entry = { manager, operation: "Update", apiVersion: edited.apiVersion, time: now, fields: new Set() };
    managers.push(entry);
  }
  for (const p of changedPaths) {
    for (const m of managers)
      for (const q of ownedPaths(m)) if (m !== entry && overlaps(p, q)) m.fields.delete(pathKey(q));
    if (getAt(after, p) !== undefined) entry.fields.add(pathKey(p));
    else entry.fields.delete(pathKey(p));
  }
  entry.time = now;
  return { object: edited, managers: managers.filter((m) => m.fields.size > 0), changed: true };
}
