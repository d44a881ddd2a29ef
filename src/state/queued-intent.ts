import {
  count,
  instant,
  instantOrNull,
  name,
  nameOrNull,
  noteOrNull,
  object,
  oneOf,
} from "./field-reader.ts";
import type { IntentStatus, QueuedIntent } from "./intent.ts";
import { environmentName, readIntent } from "./parse-records.ts";
import { StateError } from "./state-error.ts";

export const STATUSES: readonly IntentStatus[] = ["queued", "running", "done", "failed", "cancelled"];
/** Statuses that hold a place in line. */
export const OPEN: readonly IntentStatus[] = ["queued", "running"];
export type FinishStatus = Exclude<IntentStatus, "queued" | "running">;
const FINISHED: readonly FinishStatus[] = ["done", "failed", "cancelled"];

/** A queued intent as stored in a cluster record, every field checked. */
export function readQueuedIntent(value: unknown, path: string): QueuedIntent {
  const o = object(value, path || "intent");
  const at = (field: string) => (path ? `${path}.${field}` : field);
  return {
    id: count(o.id, at("id"), 1),
    environment: environmentName(o.environment, at("environment")),
    intent: readIntent(o.intent, at("intent")),
    requestedBy: name(o.requestedBy, at("requestedBy")),
    status: oneOf(o.status, at("status"), STATUSES),
    enqueuedAt: instant(o.enqueuedAt, at("enqueuedAt")),
    claimedBy: nameOrNull(o.claimedBy, at("claimedBy")),
    claimedAt: instantOrNull(o.claimedAt, at("claimedAt")),
    finishedAt: instantOrNull(o.finishedAt, at("finishedAt")),
    note: noteOrNull(o.note, at("note")),
  };
}

/**
 * What `claimNext` does with the head of the line (the oldest queued or running intent). The executor
 * takes intents one at a time and in order, so a queued intent behind a running one waits: it is not
 * started beside it. A running head is taken over when its claim is older than `staleBefore` (its
 * executor crashed or lost its Lease), and handed back to the executor that holds it — so a claim whose
 * answer was lost on the way (a timeout) can be asked for again.
 */
export function claimDecision(
  head: Pick<QueuedIntent, "status" | "claimedBy" | "claimedAt"> | undefined,
  executor: string,
  staleBefore: string,
): "claim" | "resume" | "take-over" | "wait" | "empty" {
  if (!head) return "empty";
  if (head.status === "queued") return "claim";
  if (head.claimedBy === executor) return "resume";
  if (head.claimedAt === null || head.claimedAt < staleBefore) return "take-over";
  return "wait";
}

/** Why an intent in `status` cannot be finished as `wanted`; null when it can. */
export function finishRefusal(id: number, status: IntentStatus, wanted: FinishStatus): string | null {
  if (status === "running") return null;
  if (status === "queued")
    return wanted === "cancelled"
      ? null
      : `intent #${id} is still queued; only a running intent is ${wanted}`;
  return `intent #${id} is already ${status}`;
}

export function checkFinishStatus(status: unknown): FinishStatus {
  if (!FINISHED.includes(status as FinishStatus))
    throw new StateError(
      "invalid",
      `an intent finishes as one of ${FINISHED.join(", ")}, not ${String(status)}`,
    );
  return status as FinishStatus;
}

export function checkStatuses(statuses: readonly IntentStatus[] | undefined): readonly IntentStatus[] {
  if (statuses === undefined) return STATUSES;
  for (const s of statuses)
    if (!STATUSES.includes(s)) throw new StateError("invalid", `unknown intent status ${JSON.stringify(s)}`);
  return statuses;
}
