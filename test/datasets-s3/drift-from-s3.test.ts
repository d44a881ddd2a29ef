import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computeDrift } from "../../src/datasets/parallel-drift.ts";
import { readDataset } from "../../src/datasets/read-dataset.ts";
import { loadDataset } from "../../src/datasets/s3/load-dataset.ts";
import type { Table } from "../../src/drift/columns.ts";
import { type S3rverHarness, startS3rver } from "./s3rver-harness.ts";

// A current dataset spread over daily partitions on S3 gives the same drift report as the same rows in
// one local file: the objects join into exactly the table the local reader builds.

const NOW = new Date("2026-11-25T06:00:00Z");
const DAYS = ["2026-11-22", "2026-11-23", "2026-11-24"];
const HEADER = "amount,country,flag";

function rows(from: number, count: number, shift: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return `${((i * 37) % 101) + shift},${["FR", "DE", "US"][i % 3]},${i % 2}`;
  });
}

let s3: S3rverHarness;
let dir: string;
beforeEach(async () => {
  s3 = await startS3rver();
  dir = await mkdtemp(join(tmpdir(), "slipway-drift-s3-"));
});
afterEach(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

async function fromS3(shift: number): Promise<{ reference: Table; current: Table }> {
  await s3.put("ref/train.csv", `${HEADER}\n${rows(0, 600, 0).join("\n")}\n`);
  for (const [d, day] of DAYS.entries())
    await s3.put(`cur/dt=${day}/part-0.csv`, `${HEADER}\n${rows(1000 + d * 200, 200, shift).join("\n")}\n`);
  const source = await s3.source();
  const options = { now: NOW, allowlist: ["s3://lake/"], format: "csv" as const };
  const reference = await loadDataset(source, { path: "s3://lake/ref/train.csv" }, options);
  const current = await loadDataset(
    source,
    { prefix: "s3://lake/cur/", partition: "dt={date}", window: { last: "7d" } },
    options,
  );
  if (reference.kind !== "data" || current.kind !== "data") throw new Error("unexpected finding");
  return { reference: reference.read.table, current: current.read.table };
}

describe("drift over S3 partitions", () => {
  it("equals the drift of the same rows read from one local file", async () => {
    const { reference, current } = await fromS3(0);
    await writeFile(join(dir, "ref.csv"), `${HEADER}\n${rows(0, 600, 0).join("\n")}\n`);
    await writeFile(join(dir, "cur.csv"), `${HEADER}\n${rows(1000, 600, 0).join("\n")}\n`);
    const local = await computeDrift(
      await readDataset(join(dir, "ref.csv")),
      await readDataset(join(dir, "cur.csv")),
      {},
    );
    const remote = await computeDrift(reference, current, {});
    expect(remote).toEqual(local);
    expect(current.rowCount).toBe(600);
  });

  it("detects a shift in the partitioned current data", async () => {
    const { reference, current } = await fromS3(40);
    const report = await computeDrift(reference, current, {});
    const amount = report.columns.find((c) => c.name === "amount");
    expect(amount?.drift).toBe(true);
    expect(report.columns.find((c) => c.name === "country")?.drift).toBe(false);
  });
});
