import { printItem } from "./associative-lists.ts";

/**
 * Field paths of an object, at the granularity the fake tracks ownership: every map is walked down to
 * its leaves; lists, scalars and empty maps are leaves. Associative lists (`containers`, `env`…) are
 * first turned into maps of their items (`associative-lists.ts`), so their items have paths too. A path
 * is a list of map keys and item segments (`k:{"name":"server"}`).
 */
export type FieldPath = readonly string[];

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function leafPaths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return prefix.length === 0 ? [] : [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

export function fromKey(key: string): FieldPath {
  return JSON.parse(key) as string[];
}

/** `.spec.replicas` or `.spec.containers[name="server"].image`, as conflict messages spell a field. */
export function dotted(path: FieldPath): string {
  return path.map((segment) => (segment.startsWith("k:{") ? printItem(segment) : `.${segment}`)).join("");
}

/** One path is the other or lies below it. */
export function overlaps(a: FieldPath, b: FieldPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function getAt(value: unknown, path: FieldPath): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (!isPlainObject(at)) return undefined;
    at = at[key];
  }
  return at;
}

export function setAt(target: Record<string, unknown>, path: FieldPath, value: unknown): void {
  let at = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      at[key] = structuredClone(value);
      return;
    }
    if (!isPlainObject(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  });
}

/** Removes the field, then any map it leaves empty (except the top-level ones). */
export function deleteAt(target: Record<string, unknown>, path: FieldPath): void {
  const chain: Record<string, unknown>[] = [target];
  for (const key of path.slice(0, -1)) {
    const next = chain[chain.length - 1]?.[key];
    if (!isPlainObject(next)) return;
    chain.push(next);
  }
  delete chain[chain.length - 1]?.[path[path.length - 1] ?? ""];
  for (let i = chain.length - 1; i >= 2; i--) {
    const map = chain[i];
    if (map && Object.keys(map).length === 0) delete chain[i - 1]?.[path[i - 1] ?? ""];
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

/** `fieldsV1` as the API server writes it: `{"f:spec": {"f:replicas": {}}}`. */
export function toFieldsV1(paths: Iterable<FieldPath>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    let at = root;
    for (const key of path) {
      const k = key.startsWith("k:{") ? key : `f:${key}`;
      if (!isPlainObject(at[k])) at[k] = {};
      at = at[k] as Record<string, unknown>;
    }
  }
  return root;
}
