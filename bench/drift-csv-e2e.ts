// Child process of `npm run bench:drift`: the end-to-end drift of two CSV files as `slipway drift` runs
// it — read and parse both files, then the full default report over threads — alone in its process, so
// its peak RSS is its own. argv: reference.csv current.csv threads. Prints one JSON line.
import { computeDrift } from "../src/datasets/parallel-drift.ts";
import { readDataset } from "../src/datasets/read-dataset.ts";
import type { Table } from "../src/drift/columns.ts";

const [referencePath, currentPath, threadArg] = process.argv.slice(2) as [string, string, string];
const threads = Number(threadArg);

function rawBytes(t: Table): number {
  let bytes = 0;
  for (const c of t.columns.values()) bytes += c.kind === "number" ? c.values.byteLength : c.codes.byteLength;
  return bytes;
}

const start = performance.now();
const reference = await readDataset(referencePath);
const current = await readDataset(currentPath);
const readMs = performance.now() - start;
const raw = rawBytes(reference) + rawBytes(current);
const report = await computeDrift(reference, current, {}, { threads });
const totalMs = performance.now() - start;
const scores = Object.fromEntries(report.columns.map((c) => [c.name, c.score]));
process.stdout.write(
  `${JSON.stringify({ readMs, totalMs, raw, peakRss: process.resourceUsage().maxRSS * 1024, scores })}\n`,
);
