import type { EnvironmentState } from "./environment-state.ts";
import type { Approval, DeployRecord } from "./environment-store.ts";
import { readFields } from "./field-reader.ts";
import type { Intent } from "./intent.ts";
import {
  environmentName,
  readApproval,
  readDeployRecord,
  readEnvironmentState,
  readIntent,
} from "./parse-records.ts";
import { boundNote, isoAt, MAX_NAME_CHARS } from "./state-bounds.ts";
import { StateError } from "./state-error.ts";

// What callers hand the store is checked with the same readers as what is read back: a bad value is
// refused with a StateError naming the field, before anything is written.

function checked<T>(what: string, read: () => T): T {
  const result = readFields(read);
  if ("problem" in result) throw new StateError("invalid", `${what} cannot be stored: ${result.problem}`);
  return result.value;
}

export function checkEnvironment(environment: unknown): string {
  return checked("the environment", () => environmentName(environment, "environment"));
}

export function checkIntent(intent: Intent): Intent {
  return checked("the intent", () => readIntent(intent));
}

export function checkName(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_NAME_CHARS)
    throw new StateError(
      "invalid",
      `${what} must be a non-empty string of at most ${MAX_NAME_CHARS} characters`,
    );
  return value;
}

export function checkDeployRecord(record: DeployRecord): DeployRecord {
  return checked("the deploy record", () => readDeployRecord(record));
}

export function checkApproval(approval: Approval): Approval {
  return checked("the approval", () => readApproval(approval));
}

/** `staleBefore` as the store writes instants, so claims compare as text. */
export function checkInstant(value: unknown, what: string): string {
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new StateError("invalid", `${what} must be an ISO 8601 time, not ${String(value)}`);
  return isoAt(ms);
}

export function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new StateError("invalid", `a limit must be a whole number of at least 1, not ${String(limit)}`);
  return limit;
}

/**
 * The record `change` returned, made ready to store: it must stay this environment's, reasons are cut
 * to size, and the store — not the caller — moves `revision` on by one and stamps `updatedAt`.
 */
export function nextState(
  current: EnvironmentState,
  proposed: EnvironmentState,
  now: string,
): EnvironmentState {
  if (proposed?.environment !== current.environment)
    throw new StateError(
      "invalid",
      `the new state of ${current.environment} names environment ${JSON.stringify(proposed?.environment)}`,
    );
  const bounded = {
    ...proposed,
    heldRevision: proposed.heldRevision && {
      ...proposed.heldRevision,
      reason: boundNote(proposed.heldRevision.reason ?? ""),
    },
    pending: proposed.pending && { ...proposed.pending, reason: boundNote(proposed.pending.reason ?? "") },
    revision: current.revision + 1,
    updatedAt: now,
  };
  return checked(`the new state of ${current.environment}`, () => readEnvironmentState(bounded));
}
