import type { ClauseValue, RawClause } from "./filter-parser.ts";
import { FilterSyntaxError } from "./filter-tokens.ts";

/** A search the local store refuses; local-tracker turns it into INVALID_PARAMETER_VALUE. */
export class SearchQueryError extends Error {}

/** "Invalid filter "…" at character 12: <reason>." — the position is 1-based, as editors count. */
export function filterError(filter: string, at: number, reason: string): SearchQueryError {
  return new SearchQueryError(`Invalid filter ${JSON.stringify(filter)} at character ${at + 1}: ${reason}.`);
}

/** Runs `parse`, turning a syntax error into a located SearchQueryError. */
export function parsed<T>(filter: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw filterError(filter, error.at, error.message);
    throw error;
  }
}

/** SQL LIKE: `%` any run, `_` one character; case-sensitive unless ILIKE (MLflow's semantics). */
function like(pattern: string, text: string, insensitive: boolean): boolean {
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/%/g, ".*")
    .replace(/_/g, ".");
  return new RegExp(`^${source}$`, insensitive ? "is" : "s").test(text);
}

/**
 * One clause against one value. A missing value never matches, not even `!=`: MLflow's stores join on
 * the key, so a run without the metric is not returned by `metrics.f1 != 0.5` either.
 */
export function matches(actual: string | number | undefined, op: string, expected: ClauseValue): boolean {
  if (actual === undefined) return false;
  if (Array.isArray(expected)) {
    const found = expected.includes(String(actual));
    return op === "IN" ? found : !found;
  }
  if (op === "LIKE" || op === "ILIKE") return like(String(expected), String(actual), op === "ILIKE");
  const a = typeof expected === "number" ? Number(actual) : String(actual);
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

const COMPARISONS = ["=", "!=", ">", ">=", "<", "<="];
const STRING_OPS = ["=", "!=", "LIKE", "ILIKE"];

/** Checks a clause's operator and value type; `what` names the operand in the message. */
export function checkClause(
  filter: string,
  clause: RawClause,
  what: string,
  type: "number" | "string",
  extraOps: readonly string[] = [],
): void {
  const ops = [...(type === "number" ? COMPARISONS : STRING_OPS), ...extraOps];
  if (!ops.includes(clause.op))
    throw filterError(filter, clause.at, `${what} compares with ${ops.join(", ")}, not ${clause.op}`);
  const value = clause.value;
  const ok =
    Array.isArray(value) || (type === "number" ? typeof value === "number" : typeof value === "string");
  if (!ok)
    throw filterError(
      filter,
      clause.at,
      type === "number"
        ? `${what} needs a number, as in ${what} > 0.8`
        : `${what} needs a quoted string, as in ${what} = 'value'`,
    );
}
