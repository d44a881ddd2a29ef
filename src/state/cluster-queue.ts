import {
  KEEP_APPROVALS,
  KEEP_DEPLOYS,
  KEEP_FINISHED,
  MAX_OPEN_INTENTS,
  type StorePayload,
} from "./cluster-payload.ts";
import { type Intent, intentKey, type QueuedIntent } from "./intent.ts";
import { environmentTag, intentId } from "./intent-ids.ts";
import { claimDecision, type FinishStatus, finishRefusal, OPEN } from "./queued-intent.ts";
import { boundNote } from "./state-bounds.ts";
import { StateError } from "./state-error.ts";

// The queue operations of the cluster store, on one environment's payload as read: each changes it in
// place and says whether there is anything to write. The SQLite store does the same in SQL.

export interface Outcome<T> {
  result: T;
  changed: boolean;
}

const isOpen = (i: QueuedIntent) => OPEN.includes(i.status);

export function positionIn(payload: StorePayload, id: number): number | null {
  const open = payload.intents.filter(isOpen);
  const at = open.findIndex((i) => i.id === id);
  return at < 0 ? null : at + 1;
}

export function enqueueIn(
  payload: StorePayload,
  intent: Intent,
  requestedBy: string,
  now: string,
): Outcome<{ intent: QueuedIntent; position: number }> {
  const key = intentKey(intent);
  const same = payload.intents.find((i) => isOpen(i) && intentKey(i.intent) === key);
  if (same) return { result: { intent: same, position: positionIn(payload, same.id) ?? 0 }, changed: false };
  const open = payload.intents.filter(isOpen).length;
  if (open >= MAX_OPEN_INTENTS)
    throw new StateError(
      "full",
      `${open} intents already wait in line for ${payload.environment} (at most ${MAX_OPEN_INTENTS}); nothing was queued — let the executor catch up or cancel some`,
    );
  const queued: QueuedIntent = {
    id: intentId(payload.nextSequence, environmentTag(payload.environment)),
    environment: payload.environment,
    intent,
    requestedBy,
    status: "queued",
    enqueuedAt: now,
    claimedBy: null,
    claimedAt: null,
    finishedAt: null,
    note: null,
  };
  payload.nextSequence += 1;
  payload.intents.push(queued);
  return { result: { intent: queued, position: open + 1 }, changed: true };
}

export function claimIn(
  payload: StorePayload,
  executor: string,
  staleBefore: string,
  now: string,
): Outcome<QueuedIntent | null> {
  const head = payload.intents.find(isOpen);
  const decision = claimDecision(head, executor, staleBefore);
  if (!head || decision === "wait" || decision === "empty") return { result: null, changed: false };
  Object.assign(head, { status: "running", claimedBy: executor, claimedAt: now });
  return { result: { ...head }, changed: true };
}

export function finishIn(
  payload: StorePayload,
  id: number,
  status: FinishStatus,
  note: string | null,
  now: string,
  where: string,
): Outcome<undefined> {
  const intent = payload.intents.find((i) => i.id === id);
  if (!intent)
    throw new StateError(
      "not-found",
      `${where} has no intent #${id} (finished intents are kept ${KEEP_FINISHED} deep)`,
    );
  const refusal = finishRefusal(id, intent.status, status);
  if (refusal) throw new StateError("invalid", refusal);
  Object.assign(intent, { status, finishedAt: now, note: note === null ? null : boundNote(note) });
  return { result: undefined, changed: true };
}

/** Keeps every open intent and the newest finished ones, deploy records and approvals. */
export function trimPayload(payload: StorePayload): void {
  const finished = payload.intents.filter((i) => !isOpen(i));
  const dropped = new Set(finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED)).map((i) => i.id));
  payload.intents = payload.intents.filter((i) => !dropped.has(i.id));
  payload.deploys = payload.deploys.slice(0, KEEP_DEPLOYS);
  payload.approvals = payload.approvals.slice(-KEEP_APPROVALS);
}
