import { compareCodePoints } from "../render/canonical.ts";
import type { FieldChange } from "./plan.ts";

/**
 * Field-level differences from `before` to `after`. With `ownedOnly`, fields present only in `before`
 * are ignored: against a live object those are server defaults or other managers' fields, which
 * server-side apply leaves alone. Lists whose entries all have a distinct `name` are matched by name,
 * as server-side apply merges containers, env, ports and volumes; other lists by position.
 */
export function fieldDiff(before: unknown, after: unknown, ownedOnly = false): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, "", ownedOnly, out);
  return out;
}

function walk(before: unknown, after: unknown, path: string, ownedOnly: boolean, out: FieldChange[]): void {
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort(compareCodePoints)) {
      const sub = joinKey(path, key);
      if (!(key in after)) {
        if (!ownedOnly) out.push({ path: sub, before: before[key] });
      } else if (!(key in before)) out.push({ path: sub, after: after[key] });
      else walk(before[key], after[key], sub, ownedOnly, out);
    }
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
        else walk(b.get(name), a.get(name), sub, ownedOnly, out);
      }
      return;
    }
    if (before.length === after.length) {
      for (const [i, item] of before.entries()) walk(item, after[i], `${path}[${i}]`, ownedOnly, out);
      return;
    }
  }
  if (!deepEqual(before, after)) out.push({ path: path || ".", before, after });
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
