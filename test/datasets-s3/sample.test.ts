import { parquetWriteBuffer } from "hyparquet-writer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LoadOptions, loadDataset } from "../../src/datasets/s3/load-dataset.ts";
import type { StringColumn } from "../../src/drift/columns.ts";
import { type S3rverHarness, startS3rver } from "./s3rver-harness.ts";

// A seeded sample of a dataset larger than the sample size: the same rows for the same seed, other
// rows for another seed, rows in their original order, and the same choice whatever the format.

const NOW = new Date("2026-11-25T06:00:00Z");
const ALLOW = ["s3://lake/"];
const PARTS = 3;
const ROWS_PER_PART = 400;

let s3: S3rverHarness;
beforeEach(async () => {
  s3 = await startS3rver();
  for (let p = 0; p < PARTS; p++) {
    const ids = Array.from({ length: ROWS_PER_PART }, (_, r) => p * ROWS_PER_PART + r);
    await s3.put(
      `csv/part-${p}.csv`,
      `id,half\n${ids.map((i) => `${i},${i % 2 ? "odd" : "even"}`).join("\n")}\n`,
    );
    await s3.put(
      `jsonl/part-${p}.jsonl`,
      ids.map((i) => `{"id": ${i}, "half": "${i % 2 ? "odd" : "even"}"}`).join("\n"),
    );
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: "id", data: Int32Array.from(ids), type: "INT32" },
        { name: "half", data: ids.map((i) => (i % 2 ? "odd" : "even")), type: "STRING" },
      ],
    });
    await s3.put(`parquet/part-${p}.parquet`, new Uint8Array(bytes));
  }
});
afterEach(async () => {
  await s3.close();
});

async function sampledIds(format: LoadOptions["format"], seed: number, rows = 100) {
  const source = await s3.source();
  const loaded = await loadDataset(
    source,
    { prefix: `s3://lake/${format}/` },
    { now: NOW, allowlist: ALLOW, format, sample: { rows, seed } },
  );
  if (loaded.kind !== "data") throw new Error(loaded.finding.message);
  const id = loaded.read.table.columns.get("id") as { values: Float64Array };
  return { ids: [...id.values], read: loaded.read };
}

describe("a seeded sample", () => {
  it("is reproducible with the same seed and keeps the original row order", async () => {
    const first = await sampledIds("csv", 7);
    const again = await sampledIds("csv", 7);
    expect(first.ids).toHaveLength(100);
    expect(again.ids).toEqual(first.ids);
    expect(first.ids).toEqual([...first.ids].sort((a, b) => a - b));
    expect(new Set(first.ids).size).toBe(100);
    expect(first.read).toMatchObject({ rows: PARTS * ROWS_PER_PART, sampled: true, objects: PARTS });
    // Drawn from every object, not the first rows read.
    for (let p = 0; p < PARTS; p++)
      expect(first.ids.some((i) => i >= p * ROWS_PER_PART && i < (p + 1) * ROWS_PER_PART)).toBe(true);
  });

  it("differs with another seed", async () => {
    const a = await sampledIds("csv", 7);
    const b = await sampledIds("csv", 8);
    expect(b.ids).toHaveLength(100);
    expect(b.ids).not.toEqual(a.ids);
  });

  it("chooses the same rows from CSV, JSON Lines and Parquet holding the same data", async () => {
    const csv = await sampledIds("csv", 42);
    const jsonl = await sampledIds("jsonl", 42);
    const parquet = await sampledIds("parquet", 42);
    expect(jsonl.ids).toEqual(csv.ids);
    expect(parquet.ids).toEqual(csv.ids);
    const half = parquet.read.table.columns.get("half") as StringColumn;
    expect([...half.codes].map((c) => half.dictionary[c])).toEqual(
      csv.ids.map((i) => (i % 2 ? "odd" : "even")),
    );
  });

  it("is the whole dataset when it has no more rows than the sample size", async () => {
    const all = await sampledIds("parquet", 7, PARTS * ROWS_PER_PART);
    expect(all.ids).toEqual(Array.from({ length: PARTS * ROWS_PER_PART }, (_, i) => i));
    expect(all.read.sampled).toBe(false);
  });
});
