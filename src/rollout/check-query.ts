/**
 * The placeholders a canary check's PromQL may use (issue #22). Each is filled in twice per evaluation —
 * once for the new (canary) version, once for the serving (stable) one — so one query measures both.
 */
export const PLACEHOLDERS = [
  "namespace",
  "model",
  "name",
  "version",
  "track",
  "revision",
  "interval",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What one version of one Model is, for its queries. */
export interface QueryTarget {
  namespace: string;
  /** The Model manifest's name. */
  model: string;
  /** The object serving this version: Seldon's Model (`<model>` or `<model>-canary`), else the workload's name. */
  name: string;
  version: string;
  track: "canary" | "stable";
  /** KServe Knative: the revision serving this version, read from the InferenceService's status. */
  revision?: string;
  /** The step's interval as a PromQL range (`5m`). */
  interval: string;
}

const PATTERN = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names a query uses, each once, in order. */
export function placeholdersIn(query: string): string[] {
  return [...new Set([...query.matchAll(PATTERN)].map((m) => m[1] as string))];
}

/**
 * The query with every placeholder filled in, or the placeholder that has no value for this target (a
 * Knative revision not reported yet). Values are names and versions (DNS-1123 and digits), never text
 * that could leave a PromQL string literal.
 */
export function fillQuery(query: string, target: QueryTarget): { query: string } | { missing: string } {
  let missing: string | null = null;
  const filled = query.replace(PATTERN, (whole, name: string) => {
    const value = placeholderValue(target, name);
    if (value === undefined || !/^[A-Za-z0-9._-]{1,253}$/.test(value)) {
      missing ??= name;
      return whole;
    }
    return value;
  });
  return missing === null ? { query: filled } : { missing };
}

function placeholderValue(target: QueryTarget, name: string): string | undefined {
  switch (name as Placeholder) {
    case "namespace":
      return target.namespace;
    case "model":
      return target.model;
    case "name":
      return target.name;
    case "version":
      return target.version;
    case "track":
      return target.track;
    case "revision":
      return target.revision;
    case "interval":
      return target.interval;
    default:
      return undefined;
  }
}
