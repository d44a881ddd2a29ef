import { parquetWriteBuffer } from "hyparquet-writer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/s3/load-dataset.ts";
import { type S3rverHarness, startS3rver } from "./s3rver-harness.ts";

// One object per format through the S3 port against s3rver: the columnar model as the local readers
// give it, only the selected columns, and exactly one GET.

const NOW = new Date("2026-11-25T06:00:00Z");
const ALLOW = ["s3://lake/ref/"];

let s3: S3rverHarness;
beforeEach(async () => {
  s3 = await startS3rver();
});
afterEach(async () => {
  await s3.close();
});

async function load(path: string, format: "csv" | "jsonl" | "parquet", columns?: string[]) {
  const source = await s3.source();
  await s3.forget();
  const loaded = await loadDataset(source, { path }, { now: NOW, allowlist: ALLOW, format, columns });
  if (loaded.kind !== "data") throw new Error(`unexpected finding: ${loaded.finding.message}`);
  return loaded.read;
}

describe("a single S3 object", () => {
  it("reads CSV into typed columns with one GET", async () => {
    await s3.put("ref/train.csv", "amount,country,count\n1.5,FR,3\n2.25,DE,4\n,FR,5\n");
    const read = await load("s3://lake/ref/train.csv", "csv");
    expect(read.rows).toBe(3);
    expect(read.table.columns.get("amount")).toEqual({
      kind: "number",
      values: Float64Array.of(1.5, 2.25, Number.NaN),
      integer: false,
    });
    expect(read.table.columns.get("country")).toEqual({
      kind: "string",
      codes: Int32Array.of(0, 1, 0),
      dictionary: ["FR", "DE"],
    });
    expect(read.table.columns.get("count")).toMatchObject({ kind: "number", integer: true });
    expect(await s3.requests()).toEqual([{ method: "GET", path: "/lake/ref/train.csv?x-id=GetObject" }]);
  });

  it("reads JSON Lines and keeps only the selected columns", async () => {
    await s3.put("ref/train.jsonl", '{"a": 1, "b": "x", "c": true}\n{"a": 2, "b": "y", "c": false}\n');
    const read = await load("s3://lake/ref/train.jsonl", "jsonl", ["b", "a", "absent"]);
    expect([...read.table.columns.keys()]).toEqual(["b", "a"]);
    expect(read.table.columns.get("a")).toEqual({
      kind: "number",
      values: Float64Array.of(1, 2),
      integer: true,
    });
    expect(read.missingColumns).toEqual(["absent"]);
  });

  it("reads Parquet, decoding only the selected columns", async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: "score", data: Float64Array.of(0.1, 0.9, 0.5), type: "DOUBLE" },
        { name: "label", data: ["no", "yes", "no"], type: "STRING" },
        { name: "id", data: Int32Array.of(7, 8, 9), type: "INT32" },
      ],
    });
    await s3.put("ref/train.parquet", new Uint8Array(bytes));
    const read = await load("s3://lake/ref/train.parquet", "parquet", ["label", "score"]);
    expect(read.rows).toBe(3);
    expect([...read.table.columns.keys()]).toEqual(["label", "score"]);
    expect(read.table.columns.get("score")).toEqual({
      kind: "number",
      values: Float64Array.of(0.1, 0.9, 0.5),
      integer: false,
    });
    expect(read.table.columns.get("label")).toEqual({
      kind: "string",
      codes: Int32Array.of(0, 1, 0),
      dictionary: ["no", "yes"],
    });
    expect(read.bytes).toBe(bytes.byteLength);
  });

  it("reports a malformed row at the object's own line", async () => {
    await s3.put("ref/bad.csv", "a,b\n1,2\n3\n");
    await expect(load("s3://lake/ref/bad.csv", "csv")).rejects.toThrow(
      "s3://lake/ref/bad.csv:3:1: row has 1 fields but the header has 2",
    );
  });
});
