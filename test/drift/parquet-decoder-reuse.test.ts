import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { DatasetError } from "../../src/datasets/dataset-error.ts";
import { parquetDecoder, parseParquetGuarded } from "../../src/datasets/parquet-guarded.ts";

// One decoding worker serves every file of a dataset in turn; a file that hangs the decoder stops that
// worker, and the next file gets a fresh one: a damaged file costs its own error, not the rest.

const valid = new Uint8Array(
  parquetWriteBuffer({ columnData: [{ name: "x", data: Float64Array.of(1, 2, 3, 4), type: "DOUBLE" }] }),
);

describe("a reused Parquet decoder", () => {
  it("decodes files in turn, and recovers after one that never finishes", async () => {
    const decoder = parquetDecoder();
    try {
      const first = await parseParquetGuarded(valid, "a.parquet", undefined, undefined, decoder);
      expect(first.rowCount).toBe(4);
      // Byte 11 set to 0 damages the first page header so that the decoder never returns.
      const hanging = valid.slice();
      hanging[11] = 0;
      await expect(parseParquetGuarded(hanging, "b.parquet", undefined, 1000, decoder)).rejects.toThrow(
        new DatasetError(
          "b.parquet",
          "Parquet decoding did not finish within 1000 ms; the file looks corrupt",
        ),
      );
      const third = await parseParquetGuarded(valid, "c.parquet", undefined, undefined, decoder);
      expect(third.columns.get("x")).toEqual({
        kind: "number",
        values: Float64Array.of(1, 2, 3, 4),
        integer: false,
      });
    } finally {
      await decoder.close();
    }
  });
});
