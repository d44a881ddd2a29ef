import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { EnvironmentState } from "../../src/state/environment-state.ts";
import { initialState } from "../../src/state/environment-state.ts";
import { openSqliteStore, type SqliteStore } from "../../src/state/sqlite-store.ts";
import { type StoreHarness, TestClock } from "./store-harness.ts";

/** A SQLite file in a fresh directory; each `open` is another connection to it, as another process has. */
export async function startSqliteHarness(): Promise<StoreHarness & { path: string; raw: DatabaseSync }> {
  const dir = mkdtempSync(join(tmpdir(), "slipway-state-"));
  const path = join(dir, "state.db");
  const clock = new TestClock();
  const stores: SqliteStore[] = [];
  let raw: DatabaseSync | undefined;
  const db = () => {
    raw ??= new DatabaseSync(path, { timeout: 5_000 });
    return raw;
  };
  return {
    clock,
    path,
    get raw() {
      return db();
    },
    async open(options = {}) {
      const store = openSqliteStore(path, { clock: clock.now, ...options });
      stores.push(store);
      return store;
    },
    writeBehind(environment, edit) {
      const row = db().prepare("SELECT state FROM states WHERE environment = ?").get(environment);
      const state: EnvironmentState = row
        ? JSON.parse(String(row.state))
        : initialState(environment, clock.iso());
      edit(state);
      state.revision += 1;
      db()
        .prepare("INSERT OR REPLACE INTO states (environment, revision, state) VALUES (?, ?, ?)")
        .run(environment, state.revision, JSON.stringify(state));
    },
    corruptIntent(_environment, id) {
      db().prepare("UPDATE intents SET intent = ? WHERE id = ?").run('{"kind":"deploy","commit":', id);
    },
    corruptState(environment) {
      db()
        .prepare("UPDATE states SET state = json_set(state, '$.phase', 'sideways') WHERE environment = ?")
        .run(environment);
    },
    intentLocation: (_environment, id) => [
      path,
      "table intents",
      `row id ${id}`,
      "column intent is not JSON",
    ],
    stateLocation: (environment) => [
      path,
      "table states",
      `environment ${environment}`,
      "phase: expected one of",
    ],
    async close() {
      for (const s of stores) s.close();
      raw?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
