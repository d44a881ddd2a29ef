import { compareCodePoints } from "../render/canonical.ts";
import { KEY_DEFAULTS, type ListKeys } from "./list-keys.ts";
import type { FieldChange } from "./plan.ts";

/**
 * Field-level differences from `before` to `after`. With `ownedOnly`, fields present only in `before`
 * are ignored: against a live object those are server defaults or other managers' fields, which
 * server-side apply leaves alone. With the kind's list semantics (`listKeys`), a list is compared as
 * server-side apply merges it: item by item by its keys, or — atomic — as a whole, so an item only the
 * live list has is a difference (the list belongs to whoever wrote it last). Without them, lists whose
 * entries all have a distinct `name` are matched by name, other lists by position.
 */
export function fieldDiff(
  before: unknown,
  after: unknown,
  ownedOnly = false,
  listKeys?: ListKeys,
): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, { path: "", fields: [], ownedOnly, listKeys, out });
  return out;
}

interface Walk {
  /** The displayed path (`spec.containers[name=app].image`). */
  path: string;
  /** Field names, `[]` for an item: where `listKeys` looks a list up. */
  fields: readonly string[];
  ownedOnly: boolean;
  listKeys: ListKeys | undefined;
  out: FieldChange[];
}

const at = (w: Walk, path: string, field: string): Walk => ({ ...w, path, fields: [...w.fields, field] });

function walk(before: unknown, after: unknown, w: Walk): void {
  const { path, ownedOnly, out } = w;
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort(compareCodePoints)) {
      const sub = joinKey(path, key);
      if (!(key in after)) {
        if (!ownedOnly) out.push({ path: sub, before: before[key] });
      } else if (!(key in before)) out.push({ path: sub, after: after[key] });
      else walk(before[key], after[key], at(w, sub, key));
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && w.listKeys) {
    walkList(before, after, w, w.listKeys(w.fields));
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const byName = namedEntries(before) && namedEntries(after);
    if (byName) {
      const b = new Map(before.map((e) => [(e as { name: string }).name, e]));
      const a = new Map(after.map((e) => [(e as { name: string }).name, e]));
      for (const name of [...new Set([...b.keys(), ...a.keys()])].sort(compareCodePoints)) {
        const sub = `${path}[name=${name}]`;
        if (!a.has(name)) {
          if (!ownedOnly) out.push({ path: sub, before: b.get(name) });
        } else if (!b.has(name)) out.push({ path: sub, after: a.get(name) });
        else walk(b.get(name), a.get(name), at(w, sub, "[]"));
      }
      return;
    }
    if (before.length === after.length) {
      for (const [i, item] of before.entries()) walk(item, after[i], at(w, `${path}[${i}]`, "[]"));
      return;
    }
  }
  if (!deepEqual(before, after)) out.push({ path: path || ".", before, after });
}

/**
 * A list as server-side apply merges it. Keyed (`keys`): items matched by their keys — one only the
 * live list has is another manager's, left alone. Atomic (null), or items lacking their keys: the
 * same items in the same order (fields only the live items have, server defaults, aside), else the
 * whole list is one change.
 */
function walkList(before: unknown[], after: unknown[], w: Walk, keys: readonly string[] | null): void {
  const b = keys && keyed(before, keys);
  const a = keys && keyed(after, keys);
  if (b && a) {
    for (const id of [...new Set([...b.keys(), ...a.keys()])].sort(compareCodePoints)) {
      const sub = `${w.path}${id}`;
      if (!a.has(id)) {
        if (!w.ownedOnly) w.out.push({ path: sub, before: b.get(id) });
      } else if (!b.has(id)) w.out.push({ path: sub, after: a.get(id) });
      else walk(b.get(id), a.get(id), at(w, sub, "[]"));
    }
    return;
  }
  if (before.length === after.length) {
    for (const [i, item] of before.entries()) walk(item, after[i], at(w, `${w.path}[${i}]`, "[]"));
    return;
  }
  if (!deepEqual(before, after)) w.out.push({ path: w.path || ".", before, after });
}

/** Items by their keys, shown as `[name=app]` or `[containerPort=8080,protocol=TCP]`; undefined if one lacks them. */
function keyed(list: unknown[], keys: readonly string[]): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  for (const item of list) {
    if (!isRecord(item)) return undefined;
    const values: string[] = [];
    for (const key of keys) {
      const value = item[key] ?? KEY_DEFAULTS[key];
      if (typeof value !== "string" && typeof value !== "number") return undefined;
      values.push(`${key}=${value}`);
    }
    const id = `[${values.join(",")}]`;
    if (out.has(id)) return undefined;
    out.set(id, item);
  }
  return out;
}

/** Every change of `value`'s fields, as if they were all added (`create`) or removed (`delete`). */
export function allFields(value: unknown, side: "before" | "after"): FieldChange[] {
  return side === "after" ? fieldDiff({}, value) : fieldDiff(value, {});
}

function namedEntries(list: unknown[]): boolean {
  if (list.length === 0) return false;
  const names = new Set<string>();
  for (const e of list) {
    if (!isRecord(e) || typeof e.name !== "string" || names.has(e.name)) return false;
    names.add(e.name);
  }
  return true;
}

function joinKey(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
