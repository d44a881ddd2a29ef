import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type DeltaLocation,
  type LoadedDelta,
  loadDeltaTable,
} from "../../src/datasets/delta/load-delta-table.ts";
import { localDatasetSource } from "../../src/datasets/s3/local-source.ts";
import type { ColumnValues } from "../../src/drift/columns.ts";
import { commitBytes, localPut, logKey } from "./delta-writer.ts";
import { writeScoredTable } from "./scored-table.ts";

// A Delta table on local disk, as `slipway drift --monitor` reads one next to the repository: the
// snapshot at the latest version, at a version, at a time; through a checkpoint (one file or several
// parts) or commits alone; partition values as columns, removed files gone.

const NOW = new Date("2026-11-25T06:00:00Z");
let dir: string;
let root: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "slipway-delta-"));
  root = join(dir, "scored");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(location: Partial<DeltaLocation> = {}): Promise<Extract<LoadedDelta, { kind: "data" }>> {
  const loaded = await loadDeltaTable(
    localDatasetSource(),
    { path: root, ...location },
    { now: NOW, allowlist: "unrestricted" },
  );
  if (loaded.kind !== "data") throw new Error(loaded.finding.message);
  return loaded;
}

function values(column: ColumnValues | undefined): (number | string | null)[] {
  if (!column) throw new Error("no such column");
  if (column.kind === "number") return [...column.values].map((v) => (Number.isNaN(v) ? null : v));
  return [...column.codes].map((c) => (c < 0 ? null : (column.dictionary[c] as string)));
}

describe("a local Delta table", () => {
  it.each(["classic", "multi-part", "none"] as const)(
    "reads the latest version with a %s checkpoint",
    async (checkpoint) => {
      await writeScoredTable(localPut(root), "", { checkpoint });
      const { read, version } = await load();
      expect(version).toMatchObject({ kind: "delta", version: 3 });
      // part-0 was removed at version 2; part-2 replaced it. Files are read in path order.
      const table = read.table;
      expect([...table.columns.keys()]).toEqual(["id", "amount", "country", "dt"]);
      expect(values(table.columns.get("id"))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(values(table.columns.get("amount"))).toEqual([20, 40, 60, 40, 50, 70]);
      expect(values(table.columns.get("country"))).toEqual(["FR", "DE", "FR", "ES", null, "IT"]);
      expect(values(table.columns.get("dt"))).toEqual([
        "2026-11-20T00:00:00.000Z",
        "2026-11-20T00:00:00.000Z",
        "2026-11-20T00:00:00.000Z",
        "2026-11-21T00:00:00.000Z",
        "2026-11-21T00:00:00.000Z",
        "2026-11-22T00:00:00.000Z",
      ]);
      expect(table.columns.get("id")).toMatchObject({ kind: "number", integer: true });
      expect(read.objects).toBe(3);
    },
  );

  it("travels to a version before the rewrite and before the checkpoint", async () => {
    await writeScoredTable(localPut(root), "");
    const { read, version } = await load({ version: 1 });
    expect(version).toMatchObject({ version: 1 });
    expect(values(read.table.columns.get("amount"))).toEqual([10, 20, 30, 40, 50]);
  });

  it("travels to the version current at a time, from the commit files' modification times", async () => {
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));
    const mtimes = new Map([0, 1, 2, 3].map((v) => [logKey(v), at(20 + v)]));
    await writeScoredTable(localPut(root, mtimes), "");
    const { read, version } = await load({ timestamp: "2026-11-21T18:00:00Z" });
    expect(version).toEqual({
      kind: "delta",
      table: root,
      version: 1,
      committedAt: "2026-11-21T12:00:00.000Z",
    });
    expect(read.table.rowCount).toBe(5);
    // Exactly at a commit's time, that commit is included; after the last, the latest is read.
    expect((await load({ timestamp: "2026-11-22T12:00:00Z" })).version).toMatchObject({ version: 2 });
    expect((await load({ timestamp: "2026-11-24" })).version).toMatchObject({ version: 3 });
    await expect(load({ timestamp: "2026-11-19T00:00:00Z" })).rejects.toThrow(
      /timestamp 2026-11-19T00:00:00.000Z is before the earliest version the log still holds \(0, committed 2026-11-20T12:00:00.000Z\)/,
    );
    await expect(load({ timestamp: "2026-12-01" })).rejects.toThrow(/is in the future/);
  });

  it("selects a window of days on the date partition column, from the log's partition values", async () => {
    await writeScoredTable(localPut(root), "");
    // now is 2026-11-25T06:00Z: `last: 4d` is the four whole days 21–24.
    const loaded = await load({ partition: "dt={date}", window: { last: "4d" } });
    expect(loaded.partitions).toEqual(["dt=2026-11-21", "dt=2026-11-22", "dt=2026-11-23", "dt=2026-11-24"]);
    expect(values(loaded.read.table.columns.get("id"))).toEqual([4, 5, 6]);
    // A window with no data in it is said so, like an empty prefix.
    await expect(load({ partition: "dt={date}", window: { last: "2d" } })).rejects.toThrow(
      /version 3 has no data files in the selected partitions/,
    );
  });

  it("refuses a window on a column that is not a partition column, before reading data", async () => {
    await writeScoredTable(localPut(root), "");
    const loaded = await loadDeltaTable(
      localDatasetSource(),
      { path: root, partition: "country={date}", window: { last: "2d" } },
      { now: NOW, allowlist: "unrestricted" },
    );
    expect(loaded).toMatchObject({
      kind: "finding",
      finding: {
        code: "SLW135",
        message: expect.stringMatching(
          /'country' is not a partition column of the table \(its partition columns: 'dt'\)/,
        ),
      },
    });
  });

  it("reads a table whose early commits were cleaned up, from its checkpoint", async () => {
    await writeScoredTable(localPut(root), "", { cleanedUp: true });
    expect((await load()).read.table.rowCount).toBe(6);
    expect((await load({ version: 2 })).read.table.rowCount).toBe(5);
    await expect(load({ version: 1 })).rejects.toThrow(
      /version 1 cannot be rebuilt: commit 0 is missing and no checkpoint covers it \(the log was cleaned up\)/,
    );
  });

  it("reads the latest version when _last_checkpoint is stale", async () => {
    await writeScoredTable(localPut(root), "", { checkpoint: "none" });
    await localPut(root)("_delta_log/_last_checkpoint", new TextEncoder().encode('{"version":7,"size":1}'));
    expect((await load()).version).toMatchObject({ version: 3 });
  });

  it("says so when the directory holds no Delta log", async () => {
    await localPut(root)("part-0.parquet", commitBytes([]));
    await expect(load()).rejects.toThrow(
      /scored \(Delta table\): no Delta log: _delta_log\/ holds no commit or checkpoint/,
    );
  });
});
