import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/s3/load-dataset.ts";
import type { StringColumn } from "../../src/drift/columns.ts";
import { type S3rverHarness, startS3rver } from "./s3rver-harness.ts";

// A partitioned prefix read through a time window against a fixed "now": only the partitions inside
// the window are listed and fetched, asserted on the requests s3rver received.

const NOW = new Date("2026-11-25T06:00:00Z");
const ALLOW = ["s3://lake/scored/"];

let s3: S3rverHarness;
beforeEach(async () => {
  s3 = await startS3rver();
});
afterEach(async () => {
  await s3.close();
});

function day(offset: number): string {
  return new Date(Date.UTC(2026, 10, 10 + offset)).toISOString().slice(0, 10);
}

/** One JSONL object per day from 2026-11-10 to 2026-11-26, each row naming its day. */
async function seedDays(): Promise<void> {
  for (let d = 0; d <= 16; d++) {
    await s3.put(`scored/dt=${day(d)}/part-0.jsonl`, `{"day": "${day(d)}", "n": ${d}}\n`);
  }
  await s3.put(`scored/dt=${day(12)}/_SUCCESS`, "");
  await s3.put("scored/dt=2026-11-20/.part-0.jsonl.crc", "garbage");
  await s3.put("scored/latest/part-0.jsonl", '{"day": "latest", "n": -1}\n');
}

function days(read: { table: { columns: ReadonlyMap<string, unknown> } }): string[] {
  const column = read.table.columns.get("day") as StringColumn;
  return [...column.codes].map((c) => column.dictionary[c] as string);
}

describe("a partitioned prefix with a window", () => {
  it("reads the seven whole days before now and requests nothing else", async () => {
    await seedDays();
    const source = await s3.source();
    await s3.forget();
    const loaded = await loadDataset(
      source,
      { prefix: "s3://lake/scored/", partition: "dt={date}", window: { last: "7d" } },
      { now: NOW, allowlist: ALLOW, format: "jsonl" },
    );
    if (loaded.kind !== "data") throw new Error(loaded.finding.message);
    const expected = [
      "2026-11-18",
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
      "2026-11-22",
      "2026-11-23",
      "2026-11-24",
    ];
    expect(days(loaded.read)).toEqual(expected);
    expect(loaded.partitions).toEqual(expected.map((d) => `dt=${d}`));
    const gets = (await s3.requests()).filter((r) => r.path.includes("GetObject")).map((r) => r.path);
    expect(gets).toEqual(expected.map((d) => `/lake/scored/dt=${d}/part-0.jsonl?x-id=GetObject`));
    const lists = (await s3.requests()).filter((r) => r.path.includes("list-type=2"));
    expect(lists).toHaveLength(7);
    expect(lists.every((r) => expected.some((d) => r.path.includes(`prefix=scored/dt=${d}/`)))).toBe(true);
    expect(await s3.requests()).toHaveLength(14);
  });

  it("shifts the window back by its offset", async () => {
    await seedDays();
    const source = await s3.source();
    const loaded = await loadDataset(
      source,
      { prefix: "s3://lake/scored", partition: "dt={date}", window: { last: "3d", offset: "2d" } },
      { now: NOW, allowlist: ALLOW, format: "jsonl" },
    );
    if (loaded.kind !== "data") throw new Error(loaded.finding.message);
    expect(days(loaded.read)).toEqual(["2026-11-20", "2026-11-21", "2026-11-22"]);
  });

  it("without a window reads every partition matching the pattern, skipping markers and other folders", async () => {
    await seedDays();
    const source = await s3.source();
    const loaded = await loadDataset(
      source,
      { prefix: "s3://lake/scored/", partition: "dt={date}" },
      { now: NOW, allowlist: ALLOW, format: "jsonl" },
    );
    if (loaded.kind !== "data") throw new Error(loaded.finding.message);
    expect(days(loaded.read)).toEqual(Array.from({ length: 17 }, (_, d) => day(d)));
  });

  it("selects whole hours with {hour}, listing each day once", async () => {
    for (const [date, hour] of [
      ["2026-11-24", "23"],
      ["2026-11-25", "00"],
      ["2026-11-25", "03"],
      ["2026-11-25", "05"],
      ["2026-11-25", "06"],
      ["2026-11-25", "24"],
    ]) {
      await s3.put(`hourly/dt=${date}/hour=${hour}/a.csv`, `at\n${date}T${hour}\n`);
    }
    const source = await s3.source();
    await s3.forget();
    const loaded = await loadDataset(
      source,
      { prefix: "s3://lake/hourly/", partition: "dt={date}/hour={hour}", window: { last: "6h" } },
      { now: new Date("2026-11-25T06:30:00Z"), allowlist: ["s3://lake/"], format: "csv" },
    );
    if (loaded.kind !== "data") throw new Error(loaded.finding.message);
    const at = loaded.read.table.columns.get("at") as StringColumn;
    expect([...at.codes].map((c) => at.dictionary[c])).toEqual([
      "2026-11-25T00",
      "2026-11-25T03",
      "2026-11-25T05",
    ]);
    expect((await s3.requests()).filter((r) => r.path.includes("list-type=2"))).toHaveLength(1);
  });

  it("pages through a listing longer than one ListObjectsV2 page", async () => {
    for (let i = 0; i < 5; i++) await s3.put(`many/dt=2026-11-24/part-${i}.jsonl`, `{"i": ${i}}\n`);
    const source = await s3.source(undefined, undefined, 2);
    await s3.forget();
    const loaded = await loadDataset(
      source,
      { prefix: "s3://lake/many/", partition: "dt={date}", window: { last: "1d" } },
      { now: NOW, allowlist: ["s3://lake/many/"], format: "jsonl" },
    );
    if (loaded.kind !== "data") throw new Error(loaded.finding.message);
    const i = loaded.read.table.columns.get("i") as { values: Float64Array };
    expect([...i.values]).toEqual([0, 1, 2, 3, 4]);
    const lists = (await s3.requests()).filter((r) => r.path.includes("list-type=2"));
    expect(lists.map((r) => r.path.includes("continuation-token="))).toEqual([false, true, true]);
  });
});
