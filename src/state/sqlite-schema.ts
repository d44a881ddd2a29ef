import type { DatabaseSync } from "node:sqlite";
import { immediate } from "./sqlite-transaction.ts";
import { StateError } from "./state-error.ts";

/**
 * The embedded store's schema, as numbered migrations. `schema_version` holds the highest one applied;
 * opening a database runs the missing ones in one `BEGIN IMMEDIATE` transaction, so two processes opening
 * the same new file do not both migrate it. Migrations are only ever appended.
 */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE intents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        environment TEXT NOT NULL,
        intent_key TEXT NOT NULL,
        intent TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        status TEXT NOT NULL,
        enqueued_at TEXT NOT NULL,
        claimed_by TEXT,
        claimed_at TEXT,
        finished_at TEXT,
        note TEXT
      );
      CREATE INDEX intents_line ON intents (environment, status, id);
      -- One open intent per key and environment: the database itself refuses a duplicate.
      CREATE UNIQUE INDEX intents_open_key ON intents (environment, intent_key)
        WHERE status IN ('queued', 'running');
      CREATE TABLE states (
        environment TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        state TEXT NOT NULL
      );
      CREATE TABLE deploys (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        environment TEXT NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX deploys_environment ON deploys (environment, id);
      CREATE TABLE approvals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        environment TEXT NOT NULL,
        commit_sha TEXT NOT NULL,
        login TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (environment, commit_sha, login)
      );`,
  },
  {
    // Issue #18: what Slipway created in Kubeflow Pipelines, per repository (pipeline-records.ts).
    version: 2,
    sql: `
      CREATE TABLE pipeline_records (
        repository TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        records TEXT NOT NULL
      );`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Brings the database to SCHEMA_VERSION; refuses one written by a newer Slipway. */
export function migrate(db: DatabaseSync, where: string): void {
  immediate(db, () => {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const rows = db.prepare("SELECT version FROM schema_version").all();
    const found = rows[0]?.version;
    if (rows.length > 1 || (found !== undefined && !Number.isSafeInteger(found)))
      throw new StateError("corrupt", `${where}: table schema_version should hold one whole number`);
    const current = typeof found === "number" ? found : 0;
    if (current > SCHEMA_VERSION)
      throw new StateError(
        "corrupt",
        `${where} has schema version ${current}, newer than this Slipway knows (${SCHEMA_VERSION}); run a newer Slipway or point SLIPWAY_STATE_DB elsewhere`,
      );
    for (const m of MIGRATIONS) if (m.version > current) db.exec(m.sql);
    if (current === SCHEMA_VERSION) return;
    if (rows.length === 0) db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SCHEMA_VERSION);
    else db.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION);
  });
}
