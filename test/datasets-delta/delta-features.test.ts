import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DeltaLocation, loadDeltaTable } from "../../src/datasets/delta/load-delta-table.ts";
import { localDatasetSource } from "../../src/datasets/s3/local-source.ts";
import type { ColumnValues } from "../../src/drift/columns.ts";
import {
  add,
  checkpointBytes,
  commitBytes,
  commitInfo,
  dataFile,
  type Field,
  localPut,
  logKey,
  metaData,
  protocol,
} from "./delta-writer.ts";

// Table features: what the reader implements (column mapping by name, schema evolution, V2
// checkpoints with sidecars, in-commit timestamps, deletion-vector tables without deletion vectors)
// and what it refuses by name rather than read wrongly.

const NOW = new Date("2026-11-25T06:00:00Z");
let dir: string;
let root: string;
let put: ReturnType<typeof localPut>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "slipway-delta-"));
  root = join(dir, "t");
  put = localPut(root);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(location: Partial<DeltaLocation> = {}) {
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

async function commit(version: number, actions: object[]) {
  await put(logKey(version), commitBytes(actions));
}

const SIMPLE: Field[] = [{ name: "x", type: "long" }];
const oneFile = dataFile([{ name: "x", type: "long", data: [1, 2] }]);

describe("Delta table features", () => {
  it("reads column mapping by name: physical names in files and partition values, logical names out", async () => {
    const fields: Field[] = [
      { name: "amount", type: "double", physicalName: "col-5f42" },
      { name: "region", type: "string", physicalName: "col-a7f4" },
      { name: "added later", type: "integer", physicalName: "col-77aa" },
    ];
    const old = dataFile([
      { name: "col-5f42", type: "double", data: [1.5, 2.5] },
      { name: "col-dropped", type: "string", data: ["gone", "gone"] },
    ]);
    const fresh = dataFile([
      { name: "col-5f42", type: "double", data: [3.5] },
      { name: "col-77aa", type: "integer", data: [7] },
    ]);
    await put("region=eu/a.parquet", old);
    await put("b7/b.parquet", fresh);
    await commit(0, [
      commitInfo(),
      protocol(2),
      metaData(fields, ["region"], {
        "delta.columnMapping.mode": "name",
        "delta.columnMapping.maxColumnId": "3",
      }),
      add("region=eu/a.parquet", old.length, { "col-a7f4": "eu" }),
      add("b7/b.parquet", fresh.length, { "col-a7f4": null }),
    ]);
    const { table } = (await read()).read;
    expect([...table.columns.keys()]).toEqual(["amount", "region", "added later"]);
    // Files in path order: b7/b.parquet, then region=eu/a.parquet.
    expect(values(table.columns.get("amount"))).toEqual([3.5, 1.5, 2.5]);
    expect(values(table.columns.get("region"))).toEqual([null, "eu", "eu"]);
    // A column the older file lacks reads as missing there; the dropped column is not read.
    expect(values(table.columns.get("added later"))).toEqual([7, null, null]);
  });

  it("reads column mapping by field id: columns found by Parquet field id, whatever their name", async () => {
    const fields: Field[] = [
      { name: "amount", type: "double", physicalName: "col-5f42" },
      { name: "region", type: "string", physicalName: "col-a7f4" },
    ];
    // The file names its columns otherwise (a rename outside Delta); only the ids tie them to the schema.
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        schema: [
          { name: "root", num_children: 2 },
          { name: "renamed_amount", type: "DOUBLE", repetition_type: "OPTIONAL", field_id: 1 },
          {
            name: "unrelated",
            type: "BYTE_ARRAY",
            converted_type: "UTF8",
            repetition_type: "OPTIONAL",
            field_id: 9,
          },
        ],
        columnData: [
          { name: "renamed_amount", data: [1.5, 2.5] },
          { name: "unrelated", data: ["x", "y"] },
        ],
      }),
    );
    await put("region=eu/a.parquet", bytes);
    await commit(0, [
      commitInfo(),
      protocol(3, ["columnMapping"]),
      metaData(fields, ["region"], { "delta.columnMapping.mode": "id" }),
      add("region=eu/a.parquet", bytes.length, { "col-a7f4": "eu" }),
    ]);
    const { table } = (await read()).read;
    expect(values(table.columns.get("amount"))).toEqual([1.5, 2.5]);
    expect(values(table.columns.get("region"))).toEqual(["eu", "eu"]);
    expect([...table.columns.keys()]).toEqual(["amount", "region"]);
  });

  it("reads a V2 checkpoint whose file actions are in sidecar files", async () => {
    const features = ["v2Checkpoint", "deletionVectors"];
    await put("a.parquet", oneFile);
    await put("b.parquet", oneFile);
    await commit(0, [
      commitInfo(),
      protocol(3, features),
      metaData(SIMPLE),
      add("a.parquet", oneFile.length),
    ]);
    await commit(1, [commitInfo(), add("b.parquet", oneFile.length)]);
    const sidecar = checkpointBytes([add("a.parquet", oneFile.length), add("b.parquet", oneFile.length)]);
    await put("_delta_log/_sidecars/016ae953-37a9-438e-8683-9a9a4a79a395.parquet", sidecar);
    await put(
      logKey(1, "checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json"),
      commitBytes([
        { checkpointMetadata: { version: 1, tags: {} } },
        protocol(3, features),
        metaData(SIMPLE),
        {
          sidecar: {
            path: "016ae953-37a9-438e-8683-9a9a4a79a395.parquet",
            sizeInBytes: sidecar.length,
            modificationTime: 1,
          },
        },
      ]),
    );
    // The commits before the checkpoint are gone: only the checkpoint and its sidecar can answer.
    await rm(join(root, logKey(0)));
    const loaded = await read();
    expect(loaded.version).toMatchObject({ version: 1 });
    expect(values(loaded.read.table.columns.get("x"))).toEqual([1, 2, 1, 2]);
  });

  it("dates versions by their in-commit timestamps where the table enables them", async () => {
    const ict = { "delta.enableInCommitTimestamps": "true" };
    await put("a.parquet", oneFile);
    await commit(0, [
      commitInfo(Date.UTC(2026, 10, 1)),
      protocol(1),
      metaData(SIMPLE, [], ict),
      add("a.parquet", oneFile.length),
    ]);
    await commit(1, [commitInfo(Date.UTC(2026, 10, 10)), add("a2.parquet", oneFile.length)]);
    await put("a2.parquet", oneFile);
    await commit(2, [commitInfo(Date.UTC(2026, 10, 20)), add("a3.parquet", oneFile.length)]);
    await put("a3.parquet", oneFile);
    // The files were all written just now: only the commits' own timestamps tell the versions apart.
    const loaded = await read({ timestamp: "2026-11-15" });
    expect(loaded.version).toEqual({
      kind: "delta",
      table: root,
      version: 1,
      committedAt: "2026-11-10T00:00:00.000Z",
    });
    expect(loaded.read.table.rowCount).toBe(4);
  });

  it("reads a table with the deletionVectors feature when no file carries a deletion vector", async () => {
    await put("a.parquet", oneFile);
    await commit(0, [
      commitInfo(),
      protocol(3, ["deletionVectors"]),
      metaData(SIMPLE),
      add("a.parquet", oneFile.length),
    ]);
    expect((await read()).read.table.rowCount).toBe(2);
  });
});

describe("what the Delta reader refuses, by name", () => {
  async function refusal(actions: object[]) {
    await put("a.parquet", oneFile);
    await commit(0, actions);
    return read().then(
      () => {
        throw new Error("the table was read");
      },
      (error: Error) => error.message,
    );
  }

  it("a file with a deletion vector", async () => {
    const dv = {
      storageType: "u",
      pathOrInlineDv: "ab^-aqEH.-t@S}K{vb[*k^",
      offset: 4,
      sizeInBytes: 40,
      cardinality: 1,
    };
    const message = await refusal([
      protocol(3, ["deletionVectors"]),
      metaData(SIMPLE),
      add("a.parquet", oneFile.length, {}, { deletionVector: dv }),
    ]);
    expect(message).toMatch(
      /data file 'a.parquet' has a deletion vector \(table feature `deletionVectors`\)/,
    );
  });

  it("a reader feature it does not implement", async () => {
    const message = await refusal([
      protocol(3, ["variantType", "columnMapping"]),
      metaData(SIMPLE),
      add("a.parquet", 1),
    ]);
    expect(message).toMatch(
      /needs reader feature `variantType`, which Slipway's Delta reader does not implement/,
    );
  });

  it("a reader version beyond 3", async () => {
    expect(await refusal([protocol(4), metaData(SIMPLE), add("a.parquet", 1)])).toMatch(
      /needs Delta reader version 4; Slipway's Delta reader implements versions 1 to 3/,
    );
  });

  it("a data file path that leaves the table", async () => {
    expect(await refusal([protocol(1), metaData(SIMPLE), add("../other/a.parquet", 1)])).toMatch(
      /the log names a data file outside the table: '..\/other\/a.parquet'/,
    );
  });

  it("a malformed action, at its line", async () => {
    await put("a.parquet", oneFile);
    await put(
      logKey(0),
      new TextEncoder().encode(`${JSON.stringify(protocol(1))}\n{"add":{"path":"a.parquet","size":"big"}}\n`),
    );
    await expect(read()).rejects.toThrow(/00000000000000000000.json:2:1: add.size is not an integer/);
  });

  it("a percent-encoded path that climbs out of the table", async () => {
    expect(await refusal([protocol(1), metaData(SIMPLE), add("%2E%2E/%2E%2E/etc/passwd", 1)])).toMatch(
      /the log names a data file outside the table: '%2E%2E\/%2E%2E\/etc\/passwd'/,
    );
  });

  it("a checkpoint that is not Parquet, naming the file", async () => {
    await put("a.parquet", oneFile);
    await commit(0, [protocol(1), metaData(SIMPLE), add("a.parquet", oneFile.length)]);
    await put(logKey(0, "checkpoint.parquet"), new TextEncoder().encode("not a checkpoint at all"));
    await expect(read()).rejects.toThrow(
      /00000000000000000000.checkpoint.parquet \(byte 0\): not a Parquet file/,
    );
  });

  it("a sidecar named with a path, outside _delta_log/_sidecars", async () => {
    await put("a.parquet", oneFile);
    await commit(0, [protocol(3, ["v2Checkpoint"]), metaData(SIMPLE), add("a.parquet", oneFile.length)]);
    await put(
      logKey(0, "checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json"),
      commitBytes([
        { checkpointMetadata: { version: 0 } },
        protocol(3, ["v2Checkpoint"]),
        metaData(SIMPLE),
        { sidecar: { path: "..", sizeInBytes: 1, modificationTime: 1 } },
      ]),
    );
    await expect(read()).rejects.toThrow(/a sidecar action names an unusable file '..'/);
  });
});
