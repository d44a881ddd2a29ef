// Benchmark of the drift engine: 1,000,000 reference + 1,000,000 current rows × 20 numeric and 5
// categorical columns, generated with a seed, full default report (type inference, test selection,
// normed Wasserstein / Jensen–Shannon, summaries), over threads and on one thread. Prints wall
// time, rows per second and peak RSS against the raw column bytes; when python3 has SciPy, times the
// same statistics with SciPy/NumPy in the same run, prints the ratio and checks the scores agree.
// Then end to end on CSV (issue #20): 200,000 + 200,000 rows × 25 columns written as CSV, read and
// computed by Slipway in a process of its own (its peak RSS against the raw column bytes), and by
// pandas' read_csv + SciPy when a python3 with both is found.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { computeDrift } from "../src/datasets/parallel-drift.ts";
import type { ColumnValues, Table } from "../src/drift/columns.ts";
import { datasetDrift } from "../src/drift/dataset-drift.ts";

const ROWS = 1_000_000;
const NUMERIC = 20;
const CATEGORICAL = 5;
const SEED = 20261125;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(seed: number, drift: number, ROWS = 1_000_000): Table {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const columns = new Map<string, ColumnValues>();
  for (let c = 0; c < NUMERIC; c++) {
    const values = new Float64Array(ROWS);
    const shift = c % 4 === 0 ? drift : 0;
    for (let i = 0; i < ROWS; i++) {
      const g = gauss() + shift;
      values[i] =
        c % 5 === 1
          ? Math.exp(g)
          : c % 5 === 2
            ? Math.round(g * 20) / 4
            : c % 5 === 3
              ? random() * 100
              : g * 10;
      if (c % 7 === 6 && random() < 0.01) values[i] = Number.NaN;
    }
    columns.set(`num_${String(c).padStart(2, "0")}`, { kind: "number", values, integer: false });
  }
  for (let c = 0; c < CATEGORICAL; c++) {
    const size = [3, 8, 20, 50, 200][c] as number;
    const dictionary = Array.from({ length: size }, (_, k) => `cat${c}_${k}`);
    const codes = new Int32Array(ROWS);
    const skew = c === 0 ? 1 + drift : 1;
    for (let i = 0; i < ROWS; i++) codes[i] = Math.floor(random() ** skew * size);
    columns.set(`cat_${c}`, { kind: "string", codes, dictionary });
  }
  return { rowCount: ROWS, columns };
}

function rawBytes(t: Table): number {
  let bytes = 0;
  for (const c of t.columns.values()) bytes += c.kind === "number" ? c.values.byteLength : c.codes.byteLength;
  return bytes;
}

function writeRaw(dir: string, side: string, t: Table): void {
  for (const [name, c] of t.columns) {
    const view = c.kind === "number" ? c.values : c.codes;
    writeFileSync(
      join(dir, `${name}.${side}.${c.kind === "number" ? "f64" : "i32"}`),
      new Uint8Array(view.buffer, view.byteOffset, view.byteLength),
    );
  }
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const threads = availableParallelism();
const reference = generate(SEED, 0);
const current = generate(SEED + 1, 0.15);
const raw = rawBytes(reference) + rawBytes(current);

let scipy: { seconds: number; scores: Record<string, number> } | undefined;
let scipyNote = "";
const probe = spawnSync("python3", ["-c", "import scipy, numpy"], { encoding: "utf8" });
if (probe.status === 0) {
  const dir = mkdtempSync(join(tmpdir(), "slipway-drift-bench-"));
  try {
    writeRaw(dir, "ref", reference);
    writeRaw(dir, "cur", current);
    const run = spawnSync("python3", [new URL("./drift-scipy.py", import.meta.url).pathname, dir], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    if (run.status === 0) scipy = JSON.parse(run.stdout);
    else scipyNote = `SciPy run failed: ${run.stderr.trim().split("\n").pop()}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  scipyNote = "python3 with SciPy/NumPy not available: SciPy comparison skipped";
}

// One thread first (it leaves the tables intact), then threads (workers consume the buffers they get).
let start = performance.now();
const single = datasetDrift(reference, current);
const singleMs = performance.now() - start;
start = performance.now();
const report = await computeDrift(reference, current, {}, { threads });
const parallelMs = performance.now() - start;
const peakRss = process.resourceUsage().maxRSS * 1024;

const rows = 2 * ROWS;
const lines = [
  `drift: ${ROWS.toLocaleString("en")} reference + ${ROWS.toLocaleString("en")} current rows × ${NUMERIC} numeric + ${CATEGORICAL} categorical columns (seed ${SEED})`,
  `  tests: ${[...new Set(report.columns.map((c) => c.test))].join(", ")}; dataset drift ${report.dataset.drift} (${report.dataset.driftedColumns}/${report.dataset.totalColumns} columns)`,
  `  ${threads} threads (main + ${threads - 1} worker${threads === 2 ? "" : "s"}): ${(parallelMs / 1000).toFixed(2)} s wall, ${Math.round(rows / (parallelMs / 1000)).toLocaleString("en")} rows/s`,
  `  1 thread: ${(singleMs / 1000).toFixed(2)} s wall, ${Math.round(rows / (singleMs / 1000)).toLocaleString("en")} rows/s`,
  `  peak RSS ${mb(peakRss)} for ${mb(raw)} of raw columns (${(peakRss / raw).toFixed(2)}×, whole process incl. generation and runtime)`,
];
if (scipy) {
  let worst = 0;
  for (const c of report.columns) {
    const expected = scipy.scores[c.name] as number;
    worst = Math.max(worst, Math.abs((c.score as number) - expected) / Math.max(Math.abs(expected), 1e-300));
  }
  const same = JSON.stringify(single) === JSON.stringify(report) ? "identical" : "DIFFERENT";
  lines.push(
    `  SciPy/NumPy, same statistics: ${scipy.seconds.toFixed(2)} s → ${(scipy.seconds / (parallelMs / 1000)).toFixed(1)}× the engine's wall time (${(scipy.seconds / (singleMs / 1000)).toFixed(1)}× single-thread)`,
    `  scores vs SciPy: max relative difference ${worst.toExponential(2)}; 1-thread and threaded reports ${same}`,
  );
} else lines.push(`  ${scipyNote}`);
process.stdout.write(`${lines.join("\n")}\n`);
process.stdout.write(`${csvEndToEnd().join("\n")}\n`);

/** A table as CSV: numbers as JavaScript prints them (NaN: an empty cell), categories as their text. */
function writeCsv(path: string, t: Table): number {
  const columns = [...t.columns];
  const fd = openSync(path, "w");
  let bytes = 0;
  try {
    const put = (text: string) => {
      bytes += writeSync(fd, text);
    };
    put(`${columns.map(([name]) => name).join(",")}\n`);
    let chunk: string[] = [];
    for (let row = 0; row < t.rowCount; row++) {
      chunk.push(
        columns
          .map(([, c]) => {
            if (c.kind === "string") return c.dictionary[c.codes[row] as number] ?? "";
            const v = c.values[row] as number;
            return Number.isNaN(v) ? "" : String(v);
          })
          .join(","),
      );
      if (chunk.length === 10_000) {
        put(`${chunk.join("\n")}\n`);
        chunk = [];
      }
    }
    if (chunk.length > 0) put(`${chunk.join("\n")}\n`);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** A python3 with pandas and SciPy: the one on PATH, else the system's. */
function pandasPython(): string | null {
  for (const python of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(python, ["-c", "import pandas, scipy"], { encoding: "utf8" });
    if (probe.status === 0) return python;
  }
  return null;
}

function csvEndToEnd(): string[] {
  const rows = 200_000;
  const dir = mkdtempSync(join(tmpdir(), "slipway-drift-csv-bench-"));
  try {
    const referencePath = join(dir, "reference.csv");
    const currentPath = join(dir, "current.csv");
    const fileBytes =
      writeCsv(referencePath, generate(SEED + 2, 0, rows)) +
      writeCsv(currentPath, generate(SEED + 3, 0.15, rows));
    const run = spawnSync(
      process.execPath,
      [new URL("./drift-csv-e2e.ts", import.meta.url).pathname, referencePath, currentPath, String(threads)],
      { encoding: "utf8", maxBuffer: 1 << 24 },
    );
    if (run.status !== 0) return [`  end to end on CSV: failed: ${run.stderr.trim().split("\n").pop()}`];
    const slipway = JSON.parse(run.stdout) as {
      readMs: number;
      totalMs: number;
      raw: number;
      peakRss: number;
      scores: Record<string, number>;
    };
    const out = [
      `drift end to end on CSV: ${rows.toLocaleString("en")} reference + ${rows.toLocaleString("en")} current rows × ${NUMERIC + CATEGORICAL} columns (${mb(fileBytes)} of CSV)`,
      `  Slipway (read + report, ${threads} threads): ${(slipway.totalMs / 1000).toFixed(2)} s wall, of which reading ${(slipway.readMs / 1000).toFixed(2)} s`,
      `  peak RSS ${mb(slipway.peakRss)} for ${mb(slipway.raw)} of raw columns (${(slipway.peakRss / slipway.raw).toFixed(2)}×, goal ≤ 2×)`,
    ];
    const python = pandasPython();
    if (!python) return [...out, "  python3 with pandas and SciPy not available: pandas comparison skipped"];
    const pandas = spawnSync(
      python,
      [new URL("./drift-csv-pandas.py", import.meta.url).pathname, referencePath, currentPath],
      {
        encoding: "utf8",
        maxBuffer: 1 << 24,
      },
    );
    if (pandas.status !== 0)
      return [...out, `  pandas run failed: ${pandas.stderr.trim().split("\n").pop()}`];
    const theirs = JSON.parse(pandas.stdout) as { seconds: number; scores: Record<string, number> };
    let worst = 0;
    for (const [name, score] of Object.entries(slipway.scores)) {
      const expected = theirs.scores[name] as number;
      worst = Math.max(worst, Math.abs(score - expected) / Math.max(Math.abs(expected), 1e-300));
    }
    const ratio = slipway.totalMs / 1000 / theirs.seconds;
    return [
      ...out,
      `  pandas read_csv + SciPy, same statistics: ${theirs.seconds.toFixed(2)} s → Slipway takes ${ratio.toFixed(2)}× of it (goal ≤ 0.3×)`,
      `  scores vs pandas + SciPy: max relative difference ${worst.toExponential(2)}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
