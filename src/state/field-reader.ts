import { MAX_NAME_CHARS, MAX_NOTE_CHARS } from "./state-bounds.ts";

/** A field that is not what the store writes; `path` says where (`intent.commit`, `lock.pr`). */
export class FieldProblem extends Error {
  override readonly name = "FieldProblem";
}

/** Runs a reader and turns its first problem into a value: `{ value }` or `{ problem: "path: what" }`. */
export function readFields<T>(read: () => T): { value: T } | { problem: string } {
  try {
    return { value: read() };
  } catch (error) {
    if (error instanceof FieldProblem) return { problem: error.message };
    throw error;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "a string";
  return String(JSON.stringify(value)).slice(0, 40);
}

const fail = (path: string, expected: string, value: unknown): never => {
  throw new FieldProblem(`${path}: expected ${expected}, found ${describe(value)}`);
};

export function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail(path, "an object", value);
  return value as Record<string, unknown>;
}

/** A non-empty string of at most `max` characters. */
export function name(value: unknown, path: string, max = MAX_NAME_CHARS): string {
  if (typeof value !== "string" || value === "" || value.length > max)
    return fail(path, `a non-empty string of at most ${max} characters`, value);
  return value;
}

export function nameOrNull(value: unknown, path: string): string | null {
  return value === null ? null : name(value, path);
}

export function noteOrNull(value: unknown, path: string): string | null {
  if (value === null) return null;
  if (typeof value !== "string" || value.length > MAX_NOTE_CHARS)
    return fail(path, `a string of at most ${MAX_NOTE_CHARS} characters or null`, value);
  return value;
}

export function count(value: unknown, path: string, min = 0): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min)
    return fail(path, `a whole number of at least ${min}`, value);
  return value;
}

/** A finite number, or null. */
export function numberOrNull(value: unknown, path: string): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) return fail(path, "a number or null", value);
  return value;
}

/** A pull request number. */
export function prNumber(value: unknown, path: string): number {
  return count(value, path, 1);
}

export function prOrNull(value: unknown, path: string): number | null {
  return value === null ? null : prNumber(value, path);
}

export function flag(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") return fail(path, "true or false", value);
  return value;
}

/** An ISO 8601 instant, as the store writes them. */
export function instant(value: unknown, path: string): string {
  if (typeof value !== "string" || value.length > 40 || Number.isNaN(Date.parse(value)))
    return fail(path, "an ISO 8601 time", value);
  return value;
}

export function instantOrNull(value: unknown, path: string): string | null {
  return value === null ? null : instant(value, path);
}

export function oneOf<T extends string>(value: unknown, path: string, values: readonly T[]): T {
  if (!values.includes(value as T)) return fail(path, `one of ${values.join(", ")}`, value);
  return value as T;
}

export function list(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) return fail(path, "a list", value);
  if (value.length > max) throw new FieldProblem(`${path}: more than ${max} entries`);
  return value;
}
