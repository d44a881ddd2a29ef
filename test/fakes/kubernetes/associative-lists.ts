import type { ListKeysAt } from "./list-types.ts";

/**
 * Lists the API server merges item by item (`x-kubernetes-list-type: map`), turned into maps of their
 * items so ownership and merging work per item, and back. Which lists, and by which keys, comes from
 * the kind (`list-types.ts`); every other list is atomic. An item is named by its key values, as
 * `fieldsV1` writes it: `k:{"name":"server"}`, `k:{"containerPort":8080,"protocol":"TCP"}`.
 */

const ITEM_PREFIX = "k:";

/** Key fields the API server defaults before merging, so an item that omits them is still named. */
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: "TCP" };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The field-path segment of one item, as `fieldsV1` writes it. */
export function itemSegment(keys: Readonly<Record<string, unknown>>): string {
  return `${ITEM_PREFIX}${JSON.stringify(keys)}`;
}

export function isItemSegment(segment: string): boolean {
  return segment.startsWith(`${ITEM_PREFIX}{`);
}

function keysOf(segment: string): Record<string, unknown> {
  return JSON.parse(segment.slice(ITEM_PREFIX.length)) as Record<string, unknown>;
}

/** `[name="server"]` or `[containerPort=8080,protocol="TCP"]`, as conflict messages print an item. */
export function printItem(segment: string): string {
  const pairs = Object.entries(keysOf(segment)).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `[${pairs.join(",")}]`;
}

/** The key fields of an item segment (`name` for `k:{"name":"server"}`). */
export function itemKeyFields(segment: string): string[] {
  return Object.keys(keysOf(segment));
}

/** Each item's key values, or undefined when one lacks a key or two share one (the list stays atomic). */
function itemKeys(list: readonly unknown[], keys: readonly string[]): Record<string, unknown>[] | undefined {
  if (list.length === 0 || keys.length === 0) return undefined;
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const item of list) {
    if (!isPlainObject(item)) return undefined;
    const values: Record<string, unknown> = {};
    for (const key of keys) {
      const value = item[key] ?? KEY_DEFAULTS[key];
      if (typeof value !== "string" && typeof value !== "number") return undefined;
      values[key] = value;
    }
    const id = JSON.stringify(values);
    if (seen.has(id)) return undefined;
    seen.add(id);
    out.push(values);
  }
  return out;
}

/**
 * The object with each associative list turned into a map of its items (in list order); a list with an
 * item lacking its keys (or a duplicate) stays atomic, as the API server would refuse it anyway.
 */
export function toItemMaps(value: unknown, keysAt: ListKeysAt, path: readonly string[] = []): unknown {
  if (Array.isArray(value)) {
    const keys = keysAt(path);
    const named = keys ? itemKeys(value, keys) : undefined;
    if (!named) return structuredClone(value);
    return Object.fromEntries(
      value.map((item, i) => [itemSegment(named[i] ?? {}), toItemMaps(item, keysAt, [...path, "[]"])]),
    );
  }
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toItemMaps(v, keysAt, [...path, k])]));
}

export function fromItemMaps(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value);
  if (entries.length > 0 && entries.every(([k]) => isItemSegment(k)))
    return entries.map(([, v]) => fromItemMaps(v));
  return Object.fromEntries(entries.map(([k, v]) => [k, fromItemMaps(v)]));
}

/** The path of the innermost list item `path` lies in (the path up to its last item segment). */
export function enclosingItem(path: readonly string[]): readonly string[] | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (isItemSegment(path[i] ?? "")) return path.slice(0, i + 1);
  return undefined;
}
