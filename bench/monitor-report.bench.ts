// Benchmark of the monitor report around the drift engine: 1,000,000 reference + 1,000,000 current rows
// × 20 numeric (normal, log-normal, rounded, uniform, with NaNs) and 5 categorical columns, generated
// with a seed. Times the whole report on one thread (schema, quality, drift, findings, a chart for
// every column) and, apart, the charts' distributions alone and the HTML page, so the cost of charting
// every column is a printed figure.

import type { ColumnValues, Table } from "../src/drift/columns.ts";
import { buildMonitorReport } from "../src/drift/monitor-report/build-monitor-report.ts";
import { columnDistribution } from "../src/drift/monitor-report/distributions.ts";
import { monitorReportHtml } from "../src/report/drift-html.ts";

const ROWS = 1_000_000;

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

function generate(seed: number, drift: number): Table {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const columns = new Map<string, ColumnValues>();
  for (let c = 0; c < 20; c++) {
    const values = new Float64Array(ROWS);
    const shift = c % 4 === 0 ? drift : 0;
    for (let i = 0; i < ROWS; i++) {
      const g = gauss() + shift;
      values[i] =
        c % 5 === 1 ? Math.exp(g) : c % 5 === 2 ? Math.round(g * 20) : c % 5 === 3 ? random() * 100 : g * 10;
      if (c % 7 === 6 && random() < 0.01) values[i] = Number.NaN;
    }
    columns.set(`num_${String(c).padStart(2, "0")}`, { kind: "number", values, integer: c % 5 === 2 });
  }
  for (let c = 0; c < 5; c++) {
    const size = [3, 8, 20, 50, 200][c] as number;
    const dictionary = Array.from({ length: size }, (_, k) => `cat${c}_${k}`);
    const codes = new Int32Array(ROWS);
    for (let i = 0; i < ROWS; i++) codes[i] = Math.floor(random() ** (c === 0 ? 1 + drift : 1) * size);
    columns.set(`cat_${c}`, { kind: "string", codes, dictionary });
  }
  return { rowCount: ROWS, columns };
}

function seconds(run: () => unknown): number {
  const start = performance.now();
  run();
  return (performance.now() - start) / 1000;
}

const reference = generate(1, 0);
const current = generate(2, 0.3);
const sources = {
  reference: { path: "reference.parquet", rows: ROWS },
  current: { path: "current.parquet", rows: ROWS },
};
let report = buildMonitorReport({ reference, current, sources });
const whole = seconds(() => {
  report = buildMonitorReport({ reference, current, sources });
});
const charts = seconds(() => {
  for (const d of report.distributions) {
    const r = reference.columns.get(d.name) as ColumnValues;
    const c = current.columns.get(d.name) as ColumnValues;
    columnDistribution(d.name, d.type, r, c);
  }
});
let html = "";
const page = seconds(() => {
  html = monitorReportHtml(report);
});
const rate = (s: number) => Math.round((2 * ROWS) / s).toLocaleString("en-US");
console.log(
  `monitor report, 25 columns × 2 × ${ROWS.toLocaleString("en-US")} rows, one thread: ${whole.toFixed(2)} s (${rate(whole)} rows/s)`,
);
const scales = report.distributions.map((d) => d.scale);
const tally = [...new Set(scales)].map((s) => `${scales.filter((x) => x === s).length} ${s}`).join(", ");
console.log(
  `  of which the ${report.distributions.length} charts' distributions (${tally}): ${charts.toFixed(2)} s (${((charts / whole) * 100).toFixed(0)}%)`,
);
console.log(`  HTML page: ${(html.length / 1024).toFixed(0)} KiB in ${(page * 1000).toFixed(0)} ms`);
