/**
 * Deep copy with object keys in code-point order and `undefined` members dropped, so that the same
 * content always serialises to the same bytes (YAML, JSON, hashes) whatever order code built it in.
 */
export function canonical<T>(value: T): T {
  return sortValue(value) as T;
}

function sortValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortValue);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodePoints)) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sortValue(member);
  }
  return out;
}

/** Code-point order (not locale order), identical on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with sorted keys: the input of every content hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}
