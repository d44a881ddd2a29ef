import { parentPort, workerData } from "node:worker_threads";
import { openSqliteStore } from "../../src/state/sqlite-store.ts";

// One executor in its own thread with its own connection to the database file: claims and finishes
// until the line is empty, and reports what it claimed and each state update it made.

const { path, executor, environment, updates } = workerData as {
  path: string;
  executor: string;
  environment: string;
  updates: number;
};
const store = openSqliteStore(path, { clock: Date.now, maxAttempts: 1_000 });
const claims: number[] = [];
for (;;) {
  const claimed = await store.claimNext(environment, executor, "1970-01-01T00:00:00.000Z");
  if (claimed) {
    claims.push(claimed.id);
    await store.finish(claimed.id, "done", executor);
    continue;
  }
  if ((await store.list(environment, ["queued", "running"])).length === 0) break;
}
for (let i = 0; i < updates; i++)
  await store.updateState(environment, (s) => ({
    ...s,
    appliedCommit: `c${Number((s.appliedCommit ?? "c0").slice(1)) + 1}`,
  }));
store.close();
parentPort?.postMessage(claims);
