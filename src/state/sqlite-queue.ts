import type { DatabaseSync, SQLOutputValue } from "node:sqlite";
import { checkEnvironment, checkInstant, checkIntent, checkName } from "./check-input.ts";
import type { EnvironmentStore } from "./environment-store.ts";
import { intentKey, type QueuedIntent } from "./intent.ts";
import {
  checkFinishStatus,
  checkStatuses,
  claimDecision,
  finishRefusal,
  OPEN,
  STATUSES,
} from "./queued-intent.ts";
import type { RowReader } from "./sqlite-rows.ts";
import { immediate } from "./sqlite-transaction.ts";
import { boundNote } from "./state-bounds.ts";
import { StateError } from "./state-error.ts";

type Row = Record<string, SQLOutputValue>;
const OPEN_SQL = `status IN (${OPEN.map((s) => `'${s}'`).join(", ")})`;
const POSITION_SQL = `SELECT i.status, (SELECT COUNT(*) FROM intents o WHERE o.environment = i.environment
  AND o.${OPEN_SQL} AND o.id <= i.id) AS position FROM intents i WHERE i.id = ?`;

export interface SqliteContext {
  db: DatabaseSync;
  rows: RowReader;
  guard: <T>(work: () => T) => T;
  now: () => string;
  where: string;
}

export type QueueMethods = Pick<EnvironmentStore, "enqueue" | "position" | "claimNext" | "finish" | "list">;

/**
 * The intent queue in SQL: one table for every environment, the line being an environment's queued and
 * running rows by id. Whatever reads and then writes runs under `BEGIN IMMEDIATE` (see
 * sqlite-transaction.ts); the partial unique index on open intents backs the dedupe by key.
 */
export function sqliteQueue({ db, rows, guard, now, where }: SqliteContext): QueueMethods {
  const one = (sql: string, ...params: (string | number | null)[]) =>
    db.prepare(sql).get(...params) as Row | undefined;
  const all = (sql: string, ...params: (string | number | null)[]) => db.prepare(sql).all(...params) as Row[];

  const intentById = (id: number | bigint) =>
    rows.intent(one("SELECT * FROM intents WHERE id = ?", Number(id)) ?? {});

  return {
    async enqueue(environment, intent, requestedBy) {
      const env = checkEnvironment(environment);
      const checked = checkIntent(intent);
      const by = checkName(requestedBy, "requestedBy");
      return guard(() =>
        immediate(db, () => {
          const key = intentKey(checked);
          const open = one(
            `SELECT id FROM intents WHERE environment = ? AND intent_key = ? AND ${OPEN_SQL}`,
            env,
            key,
          );
          const id =
            open?.id ??
            db
              .prepare(
                "INSERT INTO intents (environment, intent_key, intent, requested_by, status, enqueued_at) VALUES (?, ?, ?, ?, 'queued', ?)",
              )
              .run(env, key, JSON.stringify(checked), by, now()).lastInsertRowid;
          const queued = intentById(Number(id));
          return { intent: queued, position: Number(one(POSITION_SQL, queued.id)?.position) };
        }),
      );
    },

    async position(id) {
      const row = guard(() => one(POSITION_SQL, id));
      if (!row || !OPEN.includes(row.status as never)) return null;
      return Number(row.position);
    },

    async claimNext(environment, executor, staleBefore) {
      const env = checkEnvironment(environment);
      const me = checkName(executor, "the executor");
      const stale = checkInstant(staleBefore, "staleBefore");
      return guard(() =>
        immediate(db, () => {
          const row = one(
            `SELECT * FROM intents WHERE environment = ? AND ${OPEN_SQL} ORDER BY id LIMIT 1`,
            env,
          );
          const head = row && rows.intent(row);
          const decision = claimDecision(head, me, stale);
          if (!head || decision === "wait" || decision === "empty") return null;
          const at = now();
          db.prepare(
            "UPDATE intents SET status = 'running', claimed_by = ?, claimed_at = ? WHERE id = ?",
          ).run(me, at, head.id);
          return { ...head, status: "running", claimedBy: me, claimedAt: at } satisfies QueuedIntent;
        }),
      );
    },

    async finish(id, status, note) {
      const wanted = checkFinishStatus(status);
      const text = note === null ? null : boundNote(String(note));
      guard(() =>
        immediate(db, () => {
          const row = one("SELECT status FROM intents WHERE id = ?", id);
          if (!row) throw new StateError("not-found", `${where} has no intent #${id}`);
          if (!STATUSES.includes(row.status as never))
            throw rows.corrupt("intents", id, `status: expected one of ${STATUSES.join(", ")}`);
          const refusal = finishRefusal(id, row.status as QueuedIntent["status"], wanted);
          if (refusal) throw new StateError("invalid", refusal);
          db.prepare("UPDATE intents SET status = ?, finished_at = ?, note = ? WHERE id = ?").run(
            wanted,
            now(),
            text,
            id,
          );
        }),
      );
    },

    async list(environment, statuses) {
      const env = checkEnvironment(environment);
      const wanted = checkStatuses(statuses);
      if (wanted.length === 0) return [];
      const marks = wanted.map(() => "?").join(", ");
      return guard(() =>
        all(
          `SELECT * FROM intents WHERE environment = ? AND status IN (${marks}) ORDER BY id`,
          env,
          ...wanted,
        ).map((r) => rows.intent(r)),
      );
    },
  };
}
