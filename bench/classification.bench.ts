// Benchmark of a monitor's classification stage: 1,000,000 reference + 1,000,000 current scored rows of
// a binary model (and 1,000,000 + 1,000,000 rows of a 10-class one), generated with a seed: labels,
// confusion matrices, every metric with ROC AUC and log loss, the ROC and precision–recall curves, and
// the tests. Prints wall time and rows per second.

import { classificationQuality } from "../src/drift/classification/classification-quality.ts";
import type { ColumnValues, Table } from "../src/drift/columns.ts";

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

function binary(seed: number, separation: number): Table {
  const random = mulberry32(seed);
  const y = new Float64Array(ROWS);
  const p = new Float64Array(ROWS);
  const s = new Float64Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const positive = random() < 0.1 ? 1 : 0;
    const score = Math.min(
      1,
      Math.max(0, 0.5 + (positive ? separation : -separation) / 2 + (random() - 0.5) * 0.8),
    );
    y[i] = positive;
    // Scores at three decimals: many ties, as real models' rounded outputs have.
    s[i] = Math.round(score * 1000) / 1000;
    p[i] = (s[i] as number) >= 0.5 ? 1 : 0;
  }
  const column = (values: Float64Array, integer: boolean): ColumnValues => ({
    kind: "number",
    values,
    integer,
  });
  return {
    rowCount: ROWS,
    columns: new Map([
      ["y", column(y, true)],
      ["p", column(p, true)],
      ["s", column(s, false)],
    ]),
  };
}

function multiclass(seed: number): Table {
  const random = mulberry32(seed);
  const dictionary = Array.from({ length: 10 }, (_, k) => `class_${k}`);
  const y = new Int32Array(ROWS);
  const p = new Int32Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    y[i] = Math.floor(random() ** 1.5 * 10);
    p[i] = random() < 0.7 ? (y[i] as number) : Math.floor(random() * 10);
  }
  const column = (codes: Int32Array): ColumnValues => ({ kind: "string", codes, dictionary });
  return {
    rowCount: ROWS,
    columns: new Map([
      ["y", column(y)],
      ["p", column(p)],
    ]),
  };
}

function time(label: string, run: () => unknown): void {
  const start = performance.now();
  run();
  const seconds = (performance.now() - start) / 1000;
  const rate = Math.round((2 * ROWS) / seconds).toLocaleString("en-US");
  console.log(
    `${label}: ${seconds.toFixed(2)} s for 2 × ${ROWS.toLocaleString("en-US")} rows (${rate} rows/s)`,
  );
}

const reference = binary(1, 0.5);
const current = binary(2, 0.4);
let failed = 0;
time("binary, score (10 metrics, ROC AUC, log loss, curves, tests)", () => {
  failed = classificationQuality(reference, current, { target: "y", prediction: "p", score: "s" }).findings
    .length;
});
console.log(`  findings: ${failed}`);
const ref10 = multiclass(3);
const cur10 = multiclass(4);
time("multiclass, 10 classes (macro metrics, per class, tests)", () => {
  classificationQuality(ref10, cur10, { target: "y", prediction: "p" });
});
