/**
 * The subset of MLflow's search syntax (`mlflow/utils/search_utils.py`) the fake understands: clauses
 * joined by AND, `<prefix>.<key> <op> <value>` with single-quoted strings or numbers. Anything else is
 * refused with INVALID_PARAMETER_VALUE, as MLflow refuses what it cannot parse.
 */
export interface Clause {
  readonly kind: string;
  readonly key: string;
  readonly op: string;
  readonly value: string | number;
}

const CLAUSE =
  /^(?:(\w+)\.)?(?:`([^`]+)`|"([^"]+)"|([\w.-]+))\s*(!=|>=|<=|=|>|<|LIKE|ILIKE)\s*(?:'([^']*)'|(-?\d+(?:\.\d+)?))$/i;

export function parseFilter(
  filter: string | undefined,
  aliases: Readonly<Record<string, string>>,
): Clause[] | string {
  if (!filter || filter.trim() === "") return [];
  const clauses: Clause[] = [];
  for (const part of filter.trim().split(/\s+AND\s+/i)) {
    const m = CLAUSE.exec(part.trim());
    if (!m) return `Error on parsing filter '${filter}'`;
    const prefix = (m[1] ?? "attributes").toLowerCase();
    const kind = aliases[prefix];
    if (!kind) return `Invalid entity type '${m[1]}'. Valid values are ${Object.keys(aliases).join(", ")}`;
    const key = m[2] ?? m[3] ?? m[4] ?? "";
    const value = m[6] ?? Number(m[7]);
    clauses.push({ kind, key, op: (m[5] ?? "=").toUpperCase(), value });
  }
  return clauses;
}

function like(pattern: string, text: string, insensitive: boolean): boolean {
  const re = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/%/g, ".*")
    .replace(/_/g, ".");
  return new RegExp(`^${re}$`, insensitive ? "is" : "s").test(text);
}

export function compare(actual: string | number | undefined, op: string, expected: string | number): boolean {
  if (actual === undefined) return op === "!=";
  if (op === "LIKE" || op === "ILIKE") return like(String(expected), String(actual), op === "ILIKE");
  const a = typeof expected === "number" ? Number(actual) : actual;
  switch (op) {
    case "=":
      return a === expected;
    case "!=":
      return a !== expected;
    case ">":
      return a > expected;
    case ">=":
      return a >= expected;
    case "<":
      return a < expected;
    default:
      return a <= expected;
  }
}

/** MLflow's page tokens are base64 of `{"offset": N}` (`SearchUtils.create_page_token`). */
export function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64");
}

export function readPageToken(token: string | undefined): number | string {
  if (!token) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    const offset = (parsed as { offset?: unknown })?.offset;
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to MLflow's complaint
  }
  return "Invalid page token, could not base64-decode";
}

/** One page and, when more remain, `next_page_token`; MLflow omits the key on the last page. */
export function page<T>(items: readonly T[], offset: number, max: number): { items: T[]; next?: string } {
  const slice = items.slice(offset, offset + max);
  return offset + max < items.length ? { items: slice, next: pageToken(offset + max) } : { items: slice };
}
