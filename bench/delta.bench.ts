// Benchmark of reading a Delta table: a local table of FILES Parquet files (ROWS rows each) written
// over COMMITS commits with a checkpoint in the middle, then
// 1. the snapshot and every data file at the latest version (one decoding worker for all files),
// 2. the same files decoded each in a worker of its own (what one file per worker would cost),
// 3. time travel to the version before the checkpoint.
// Prints wall times, files and rows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDeltaTable } from "../src/datasets/delta/load-delta-table.ts";
import { parseParquetGuarded } from "../src/datasets/parquet-guarded.ts";
import { localDatasetSource } from "../src/datasets/s3/local-source.ts";
import {
  add,
  checkpointBytes,
  commitBytes,
  commitInfo,
  dataFile,
  localPut,
  logKey,
  metaData,
  protocol,
} from "../test/datasets-delta/delta-writer.ts";

const FILES = Number(process.env.BENCH_FILES ?? 200);
const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const COMMITS = 20;
const fields = [
  { name: "id", type: "long" },
  { name: "amount", type: "double" },
  { name: "country", type: "string" },
  { name: "dt", type: "date" },
];

const dir = mkdtempSync(join(tmpdir(), "slipway-delta-bench-"));
const root = join(dir, "table");
const put = localPut(root);
const lines: string[] = [];

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  lines.push(`${name.padEnd(52)} ${(performance.now() - started).toFixed(0).padStart(7)} ms`);
  return result;
}

try {
  const files: { key: string; size: number; dt: string; bytes: Uint8Array }[] = [];
  for (let f = 0; f < FILES; f++) {
    const bytes = dataFile([
      { name: "id", type: "long", data: Array.from({ length: ROWS }, (_, i) => f * ROWS + i) },
      {
        name: "amount",
        type: "double",
        data: Array.from({ length: ROWS }, (_, i) => ((i * 37 + f) % 1000) / 10),
      },
      {
        name: "country",
        type: "string",
        data: Array.from({ length: ROWS }, (_, i) => ["FR", "DE", "US", "ES"][(i + f) % 4] as string),
      },
    ]);
    const dt = `2026-11-${String(1 + (f % 28)).padStart(2, "0")}`;
    const key = `dt=${dt}/part-${String(f).padStart(5, "0")}.parquet`;
    await put(key, bytes);
    files.push({ key, size: bytes.length, dt, bytes });
  }
  const perCommit = Math.ceil(FILES / COMMITS);
  const live: object[] = [];
  for (let c = 0; c < COMMITS; c++) {
    const adds = files.slice(c * perCommit, (c + 1) * perCommit).map((f) => add(f.key, f.size, { dt: f.dt }));
    live.push(...adds);
    const head = c === 0 ? [protocol(1), metaData(fields, ["dt"])] : [];
    await put(logKey(c), commitBytes([commitInfo(), ...head, ...adds]));
    if (c === COMMITS / 2)
      await put(
        logKey(c, "checkpoint.parquet"),
        checkpointBytes([protocol(1), metaData(fields, ["dt"]), ...live]),
      );
  }
  const options = { now: new Date("2026-12-01T00:00:00Z"), allowlist: "unrestricted" as const };
  const latest = await step(`latest version: ${FILES} files, one worker`, () =>
    loadDeltaTable(localDatasetSource(), { path: root }, options),
  );
  if (latest.kind !== "data") throw new Error(latest.finding.message);
  lines.push(
    `  ${latest.read.objects} files, ${latest.read.table.rowCount} rows, ${latest.read.bytes} bytes`,
  );
  const sample = files.slice(0, Math.min(FILES, 50));
  await step(`${sample.length} of the files, one worker per file`, async () => {
    for (const f of sample) await parseParquetGuarded(f.bytes, f.key);
  });
  await step(`version ${COMMITS / 2 - 1} (before the checkpoint)`, () =>
    loadDeltaTable(localDatasetSource(), { path: root, version: COMMITS / 2 - 1 }, options),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${lines.join("\n")}\n`);
