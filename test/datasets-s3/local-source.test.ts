import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatasetFault } from "../../src/datasets/s3/dataset-source.ts";
import { loadDataset } from "../../src/datasets/s3/load-dataset.ts";
import { localDatasetSource } from "../../src/datasets/s3/local-source.ts";

// The same port on local files (CLI only): directory prefixes, partitions and windows, and errors
// located in the file they come from.

const NOW = new Date("2026-11-25T06:00:00Z");
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "slipway-local-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, text: string) {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
}

describe("the local datasets source", () => {
  it("reads a partitioned directory through a window", async () => {
    await put("scored/dt=2026-11-17/a.csv", "x\n17\n");
    await put("scored/dt=2026-11-23/a.csv", "\uFEFFx\n23\n");
    await put("scored/dt=2026-11-24/a.csv", "x\n24\n");
    await put("scored/dt=2026-11-24/b.csv", "x\n24.5\n");
    await put("scored/dt=2026-11-25/a.csv", "x\n25\n");
    const loaded = await loadDataset(
      localDatasetSource(),
      { prefix: join(dir, "scored"), partition: "dt={date}", window: { last: "7d" } },
      { now: NOW, allowlist: "unrestricted", format: "csv" },
    );
    if (loaded.kind !== "data") throw new Error(loaded.finding.message);
    expect(loaded.read.table.columns.get("x")).toEqual({
      kind: "number",
      values: Float64Array.of(23, 24, 24.5),
      integer: false,
    });
  });

  it("locates a malformed line in the file it is in, not in the joined data", async () => {
    await put("parts/1.jsonl", '{"a": 1}\n{"a": 2}\n');
    await put("parts/2.jsonl", '\n{"a": 3}\n{"a": 4,}\n');
    await expect(
      loadDataset(
        localDatasetSource(),
        { prefix: join(dir, "parts/") },
        { now: NOW, allowlist: "unrestricted", format: "jsonl" },
      ),
    ).rejects.toThrow(`${join(dir, "parts/2.jsonl")}:3:9: expected a quoted key`);
  });

  it("a missing file is a not-found fault", async () => {
    const error = await loadDataset(
      localDatasetSource(),
      { path: join(dir, "nope.parquet") },
      { now: NOW, allowlist: "unrestricted", format: "parquet" },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetFault);
    expect((error as Error).message).toBe(`${join(dir, "nope.parquet")}: no such file`);
  });

  it("refuses a file over the size limit before reading it", async () => {
    await put("big.csv", `x\n${"1\n".repeat(100)}`);
    await expect(
      loadDataset(
        localDatasetSource(),
        { path: join(dir, "big.csv") },
        { now: NOW, allowlist: "unrestricted", format: "csv", limits: { maxObjectBytes: 100 } },
      ),
    ).rejects.toThrow(`${join(dir, "big.csv")}: file is 202 bytes; the limit is 100 bytes`);
  });
});
