import { DatabaseSync, type SQLOutputValue } from "node:sqlite";
import {
  checkApproval,
  checkDeployRecord,
  checkEnvironment,
  checkInstant,
  checkIntent,
  checkLimit,
  checkName,
  nextState,
} from "./check-input.ts";
import { type CasOptions, compareAndSet } from "./compare-and-set.ts";
import { initialState } from "./environment-state.ts";
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
import { sqliteGuard } from "./sqlite-faults.ts";
import { RowReader } from "./sqlite-rows.ts";
import { migrate } from "./sqlite-schema.ts";
import { immediate } from "./sqlite-transaction.ts";
import { boundNote, isoAt } from "./state-bounds.ts";
import { StateError } from "./state-error.ts";

export interface SqliteStoreOptions extends CasOptions {
  /** Milliseconds since the epoch (`Date.now`); every time the store writes comes from it. */
  clock: () => number;
  /** How long a write waits for another process holding the database's lock (default 5 s). */
  busyTimeoutMs?: number;
}

export interface SqliteStore extends EnvironmentStore {
  readonly path: string;
  close(): void;
}

type Row = Record<string, SQLOutputValue>;
const OPEN_SQL = `status IN (${OPEN.map((s) => `'${s}'`).join(", ")})`;

/** `SLIPWAY_STATE_DB`, or `slipway-state.db` in the working directory. */
export function defaultStateDbPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.SLIPWAY_STATE_DB?.trim() || "./slipway-state.db";
}

/**
 * The environment store of embedded mode (DESIGN.md §4): one SQLite file (`node:sqlite`, no native
 * addon), or `:memory:`. Several processes may share a file: every operation that reads and then
 * writes runs under `BEGIN IMMEDIATE`, so two executors never claim the same intent.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions): SqliteStore {
  const where = path === ":memory:" ? "the in-memory state database" : `the state database ${path}`;
  const guard = sqliteGuard(where);
  const db = guard(() => new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5_000 }));
  guard(() => {
    if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
    migrate(db, where);
  });
  const rows = new RowReader(where);
  const now = () => isoAt(options.clock());
  const one = (sql: string, ...params: (string | number | null)[]) =>
    db.prepare(sql).get(...params) as Row | undefined;
  const all = (sql: string, ...params: (string | number | null)[]) => db.prepare(sql).all(...params) as Row[];
  const positionSql = `SELECT i.status, (SELECT COUNT(*) FROM intents o WHERE o.environment = i.environment
    AND o.${OPEN_SQL} AND o.id <= i.id) AS position FROM intents i WHERE i.id = ?`;
  const intentById = (id: number | bigint) =>
    rows.intent(one("SELECT * FROM intents WHERE id = ?", Number(id)) ?? {});

  const store: SqliteStore = {
    path,
    close: () => guard(() => db.isOpen && db.close()),

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
          return { intent: queued, position: Number(one(positionSql, queued.id)?.position) };
        }),
      );
    },

    async position(id) {
      const row = guard(() => one(positionSql, id));
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

    async readState(environment) {
      const env = checkEnvironment(environment);
      const row = guard(() => one("SELECT revision, state FROM states WHERE environment = ?", env));
      return row ? rows.state(row, env) : initialState(env, now());
    },

    async updateState(environment, change) {
      const env = checkEnvironment(environment);
      return compareAndSet(options, `the state of ${env} in ${where}`, async () => {
        const current = await store.readState(env);
        const next = nextState(current, change(structuredClone(current)), now());
        // One statement: inserted when there is no record yet, replaced only if the revision is unchanged.
        const written = guard(() =>
          db
            .prepare(
              `INSERT INTO states (environment, revision, state) VALUES (?, ?, ?) ON CONFLICT (environment)
               DO UPDATE SET revision = excluded.revision, state = excluded.state WHERE states.revision = ?`,
            )
            .run(env, next.revision, JSON.stringify(next), current.revision),
        );
        return written.changes === 1 ? next : null;
      });
    },

    async recordDeploy(record) {
      const checked = checkDeployRecord(record);
      guard(() =>
        db
          .prepare("INSERT INTO deploys (environment, record) VALUES (?, ?)")
          .run(checked.environment, JSON.stringify(checked)),
      );
    },

    async deploys(environment, limit) {
      const env = checkEnvironment(environment);
      const max = checkLimit(limit) ?? -1;
      return guard(() =>
        all("SELECT * FROM deploys WHERE environment = ? ORDER BY id DESC LIMIT ?", env, max).map((r) =>
          rows.deploy(r),
        ),
      );
    },

    async addApproval(approval) {
      const a = checkApproval(approval);
      guard(() =>
        db
          .prepare("INSERT OR IGNORE INTO approvals (environment, commit_sha, login, at) VALUES (?, ?, ?, ?)")
          .run(a.environment, a.commit, a.login, a.at),
      );
    },

    async approvals(environment, commit) {
      const env = checkEnvironment(environment);
      const sha = checkName(commit, "the commit");
      return guard(() =>
        all("SELECT * FROM approvals WHERE environment = ? AND commit_sha = ? ORDER BY id", env, sha).map(
          (r) => rows.approval(r),
        ),
      );
    },
  };
  return store;
}
