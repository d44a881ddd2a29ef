import { brotliCompressSync, gzipSync, zstdCompressSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { DatasetError } from "../../src/datasets/dataset-error.ts";
import { parseParquet } from "../../src/datasets/parquet.ts";

function sample(rowGroupSize = 1000): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: "f", data: Float64Array.of(1.5, Number.NaN, Number.POSITIVE_INFINITY, -2), type: "DOUBLE" },
      { name: "i", data: Int32Array.of(1, 2, 3, 4), type: "INT32" },
      { name: "big", data: BigInt64Array.of(10n, 20n, 30n, 40n), type: "INT64" },
      { name: "gap", data: [1, null, 3, 4], type: "INT32", nullable: true },
      { name: "s", data: ["a", null, "b", "a"], type: "STRING", nullable: true },
      { name: "b", data: [true, false, true, null], type: "BOOLEAN", nullable: true },
    ],
    rowGroupSize,
  });
  return new Uint8Array(buffer);
}

describe("Parquet reader", () => {
  it("reads doubles, integers, strings and booleans into the columnar model", async () => {
    const t = await parseParquet(sample(), "t.parquet");
    expect(t.rowCount).toBe(4);
    expect(t.columns.get("f")).toEqual({
      kind: "number",
      values: Float64Array.of(1.5, Number.NaN, Number.POSITIVE_INFINITY, -2),
      integer: false,
    });
    expect(t.columns.get("i")).toEqual({
      kind: "number",
      values: Float64Array.of(1, 2, 3, 4),
      integer: true,
    });
    expect(t.columns.get("big")).toEqual({
      kind: "number",
      values: Float64Array.of(10, 20, 30, 40),
      integer: true,
    });
    expect(t.columns.get("gap")).toEqual({
      kind: "number",
      values: Float64Array.of(1, Number.NaN, 3, 4),
      integer: false,
    });
    expect(t.columns.get("s")).toEqual({
      kind: "string",
      codes: Int32Array.of(0, -1, 1, 0),
      dictionary: ["a", "b"],
    });
    expect(t.columns.get("b")).toEqual({
      kind: "string",
      codes: Int32Array.of(0, 1, 0, -1),
      dictionary: ["true", "false"],
    });
  });

  it.each([
    ["GZIP", gzipSync],
    ["BROTLI", brotliCompressSync],
    ["ZSTD", zstdCompressSync],
  ] as const)("reads %s-compressed pages", async (codec, compress) => {
    const buffer = parquetWriteBuffer({
      columnData: [{ name: "v", data: Float64Array.of(1, 2.5, 3), type: "DOUBLE" }],
      codec,
      compressors: { [codec]: (input: Uint8Array) => new Uint8Array(compress(input)) },
    });
    const t = await parseParquet(new Uint8Array(buffer), "t.parquet");
    expect(t.columns.get("v")).toEqual({
      kind: "number",
      values: Float64Array.of(1, 2.5, 3),
      integer: false,
    });
  });

  it("places values of later row groups at their rows", async () => {
    const t = await parseParquet(sample(2), "t.parquet");
    expect(t.columns.get("i")).toEqual({
      kind: "number",
      values: Float64Array.of(1, 2, 3, 4),
      integer: true,
    });
  });

  it("reads only the requested columns", async () => {
    const t = await parseParquet(sample(), "t.parquet", ["s"]);
    expect([...t.columns.keys()]).toEqual(["s"]);
  });

  it("rejects a truncated file with its byte offset", async () => {
    const bytes = sample().subarray(0, 100);
    await expect(parseParquet(bytes, "t.parquet")).rejects.toThrow(
      "t.parquet (byte 100): truncated Parquet file (no PAR1 footer)",
    );
  });

  it("rejects a file that is not Parquet", async () => {
    await expect(parseParquet(new TextEncoder().encode("a,b\n1,2\n"), "t.parquet")).rejects.toBeInstanceOf(
      DatasetError,
    );
  });

  it("rejects corrupt pages as a dataset error, not a crash", async () => {
    const bytes = sample().slice();
    for (let i = 8; i < 60; i++) bytes[i] = 0xff;
    await expect(parseParquet(bytes, "t.parquet")).rejects.toBeInstanceOf(DatasetError);
  });
});
