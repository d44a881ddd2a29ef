import { DatabaseSync, type SQLOutputValue } from "node:sqlite";
import {
  checkApproval,
  checkDeployRecord,
  checkEnvironment,
  checkLimit,
  checkName,
  nextState,
} from "./check-input.ts";
import { type CasOptions, compareAndSet } from "./compare-and-set.ts";
import { initialState } from "./environment-state.ts";
import type { EnvironmentStore } from "./environment-store.ts";
import type { PipelineRecordStore } from "./pipeline-records.ts";
import { sqlitePipelineRecords } from "./pipeline-records-sqlite.ts";
import { sqliteGuard } from "./sqlite-faults.ts";
import { sqliteQueue } from "./sqlite-queue.ts";
import { RowReader } from "./sqlite-rows.ts";
import { migrate } from "./sqlite-schema.ts";
import { isoAt } from "./state-bounds.ts";

export interface SqliteStoreOptions extends CasOptions {
  /** Milliseconds since the epoch (`Date.now`); every time the store writes comes from it. */
  clock: () => number;
  /** How long a write waits for another process holding the database's lock (default 5 s). */
  busyTimeoutMs?: number;
}

export interface SqliteStore extends EnvironmentStore {
  readonly path: string;
  /** One repository's Kubeflow Pipelines records, in the same file. */
  pipelineRecords(repository: string): PipelineRecordStore;
  close(): void;
}

type Row = Record<string, SQLOutputValue>;

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
  const queue = sqliteQueue({ db, rows, guard, now, where });

  const store: SqliteStore = {
    path,
    close: () => guard(() => db.isOpen && db.close()),
    pipelineRecords: (repository) => sqlitePipelineRecords(db, guard, where, repository, options),

    ...queue,

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
