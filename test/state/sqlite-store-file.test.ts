import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../../src/state/sqlite-schema.ts";
import { defaultStateDbPath, openSqliteStore } from "../../src/state/sqlite-store.ts";
import { StateError } from "../../src/state/state-error.ts";
import { deploy, TestClock } from "./store-harness.ts";

describe("SQLite environment store: the file", () => {
  let dir: string;
  let path: string;
  const clock = new TestClock();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "slipway-state-"));
    path = join(dir, "state.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps intents, state, records and approvals across a close and a reopen", async () => {
    const first = openSqliteStore(path, { clock: clock.now });
    const { intent } = await first.enqueue("staging", deploy("c1", 3), "push");
    await first.enqueue("staging", deploy("c2"), "push");
    await first.updateState("staging", (s) => ({ ...s, appliedCommit: "c0" }));
    await first.recordDeploy({
      environment: "staging",
      commit: "c0",
      models: {},
      outcome: "success",
      gatesPassed: true,
      at: clock.iso(),
    });
    await first.addApproval({ environment: "staging", commit: "c1", login: "alice", at: clock.iso() });
    first.close();
    const again = openSqliteStore(path, { clock: clock.now });
    expect((await again.list("staging")).map((i) => i.intent)).toEqual([deploy("c1", 3), deploy("c2")]);
    expect(await again.position(intent.id)).toBe(1);
    expect((await again.readState("staging")).appliedCommit).toBe("c0");
    expect(await again.deploys("staging")).toHaveLength(1);
    expect(await again.approvals("staging", "c1")).toHaveLength(1);
    expect((await again.claimNext("staging", "exec", clock.iso(-1)))?.id).toBe(intent.id);
    again.close();
  });

  it("creates its schema once, recorded in schema_version, in WAL mode", () => {
    openSqliteStore(path, { clock: clock.now }).close();
    openSqliteStore(path, { clock: clock.now }).close();
    const db = new DatabaseSync(path);
    expect(
      db
        .prepare("SELECT version FROM schema_version")
        .all()
        .map((r) => r.version),
    ).toEqual([SCHEMA_VERSION]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables.map((t) => t.name)).toEqual([
      "approvals",
      "deploys",
      "intents",
      "pipeline_records",
      "schema_version",
      "sqlite_sequence",
      "states",
    ]);
    expect(db.prepare("PRAGMA journal_mode").get()?.journal_mode).toBe("wal");
    db.close();
  });

  it("refuses a database written by a newer schema, and a file that is not a database, with the path", () => {
    openSqliteStore(path, { clock: clock.now }).close();
    const db = new DatabaseSync(path);
    db.exec(`UPDATE schema_version SET version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(path, { clock: clock.now })).toThrow(
      new StateError(
        "corrupt",
        `the state database ${path} has schema version ${SCHEMA_VERSION + 1}, newer than this Slipway knows (${SCHEMA_VERSION}); run a newer Slipway or point SLIPWAY_STATE_DB elsewhere`,
      ),
    );
    const junk = join(dir, "junk.db");
    writeFileSync(junk, "this is not a database, just text that is long enough to have a header".repeat(20));
    const error = (() => {
      try {
        openSqliteStore(junk, { clock: clock.now });
      } catch (e) {
        return e as StateError;
      }
    })();
    expect(error).toBeInstanceOf(StateError);
    expect(error?.reason).toBe("unavailable");
    expect(error?.message).toMatch(
      new RegExp(`^the state database ${junk} cannot be used: .*not a database`),
    );
    expect(() => openSqliteStore(join(dir, "missing", "dir", "x.db"), { clock: clock.now })).toThrow(
      /cannot be used: unable to open/,
    );
  });

  it("lets a corrupt intent be cancelled so the line moves on", async () => {
    const store = openSqliteStore(path, { clock: clock.now });
    const a = await store.enqueue("staging", deploy("c1"), "push");
    const b = await store.enqueue("staging", deploy("c2"), "push");
    const raw = new DatabaseSync(path);
    raw.prepare("UPDATE intents SET intent = '[]' WHERE id = ?").run(a.intent.id);
    raw.close();
    await expect(store.claimNext("staging", "exec", clock.iso(-1))).rejects.toThrow(
      `the state database ${path}: table intents, row id ${a.intent.id}: intent: expected an object, found a list`,
    );
    await store.finish(a.intent.id, "cancelled", "unreadable record");
    expect((await store.claimNext("staging", "exec", clock.iso(-1)))?.id).toBe(b.intent.id);
    store.close();
  });

  it("keeps an in-memory database to its own connection", async () => {
    const one = openSqliteStore(":memory:", { clock: clock.now });
    const two = openSqliteStore(":memory:", { clock: clock.now });
    await one.enqueue("staging", deploy("c1"), "push");
    expect(await one.list("staging")).toHaveLength(1);
    expect(await two.list("staging")).toEqual([]);
    one.close();
    two.close();
  });

  it("takes SLIPWAY_STATE_DB, or slipway-state.db in the working directory", () => {
    expect(defaultStateDbPath({ SLIPWAY_STATE_DB: "/var/lib/slipway/state.db" })).toBe(
      "/var/lib/slipway/state.db",
    );
    expect(defaultStateDbPath({ SLIPWAY_STATE_DB: "  " })).toBe("./slipway-state.db");
    expect(defaultStateDbPath({})).toBe("./slipway-state.db");
  });

  it("never gives one intent to two executors in parallel threads, and loses no state update", async () => {
    const seed = openSqliteStore(path, { clock: Date.now });
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) ids.push((await seed.enqueue("staging", deploy(`c${i}`), "push")).intent.id);
    seed.close();
    const run = (executor: string) =>
      new Promise<number[]>((resolve, reject) => {
        const worker = new Worker(new URL("./claim-worker.ts", import.meta.url), {
          workerData: { path, executor, environment: "staging", updates: 25 },
        });
        worker.once("message", resolve);
        worker.once("error", reject);
      });
    const claims = await Promise.all([run("exec-a"), run("exec-b"), run("exec-c")]);
    const all = claims.flat();
    expect(all.toSorted((x, y) => x - y)).toEqual(ids);
    for (const mine of claims) expect(mine).toEqual(mine.toSorted((x, y) => x - y));
    const check = openSqliteStore(path, { clock: Date.now });
    expect((await check.list("staging")).every((i) => i.status === "done")).toBe(true);
    expect(await check.readState("staging")).toMatchObject({ appliedCommit: "c75", revision: 75 });
    check.close();
  });
});
