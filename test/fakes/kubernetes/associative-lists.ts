/**
 * Lists Kubernetes merges item by item (`x-kubernetes-list-type: map` in the built-in schemas), by the
 * one key that names an item. Every other list is atomic in the fake. Keyed by the field's name
 * wherever it appears, so a CRD embedding a pod template (KServe's predictor) behaves the same.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
};

const ITEM_PREFIX = "k:";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The field-path segment of one item, as `fieldsV1` writes it: `k:{"name":"server"}`. */
export function itemSegment(key: string, value: string): string {
  return `${ITEM_PREFIX}${JSON.stringify({ [key]: value })}`;
}

export function isItemSegment(segment: string): boolean {
  return segment.startsWith(`${ITEM_PREFIX}{`);
}

/** `[name="server"]`, as conflict messages print an item. */
export function printItem(segment: string): string {
  const [[key, value] = ["", ""]] = Object.entries(
    JSON.parse(segment.slice(ITEM_PREFIX.length)) as Record<string, string>,
  );
  return `[${key}=${JSON.stringify(value)}]`;
}

function keyedItems(list: readonly unknown[], key: string): boolean {
  if (list.length === 0) return false;
  const seen = new Set<string>();
  for (const item of list) {
    if (!isPlainObject(item) || typeof item[key] !== "string" || seen.has(item[key])) return false;
    seen.add(item[key]);
  }
  return true;
}

/**
 * The object with each associative list turned into a map of its items (in list order), so ownership
 * and merging work per item; `fromItemMaps` turns them back. A list with an item lacking its key (or
 * with a duplicate) stays atomic, as the API server would refuse it anyway.
 */
export function toItemMaps(value: unknown, field?: string): unknown {
  if (Array.isArray(value)) {
    const key = field === undefined ? undefined : MERGE_KEYS[field];
    if (key === undefined || !keyedItems(value, key)) return structuredClone(value);
    return Object.fromEntries(
      value.map((item: Record<string, unknown>) => [itemSegment(key, item[key] as string), toItemMaps(item)]),
    );
  }
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toItemMaps(v, k)]));
}

export function fromItemMaps(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value);
  if (entries.length > 0 && entries.every(([k]) => isItemSegment(k)))
    return entries.map(([, v]) => fromItemMaps(v));
  return Object.fromEntries(entries.map(([k, v]) => [k, fromItemMaps(v)]));
}

/** The field an item segment is keyed by (`name` for `k:{"name":"server"}`). */
export function itemKeyField(segment: string): string {
  return Object.keys(JSON.parse(segment.slice(ITEM_PREFIX.length)) as Record<string, string>)[0] ?? "";
}

/** The path of the innermost list item `path` lies in (the path up to its last item segment). */
export function enclosingItem(path: readonly string[]): readonly string[] | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (isItemSegment(path[i] ?? "")) return path.slice(0, i + 1);
  return undefined;
}
