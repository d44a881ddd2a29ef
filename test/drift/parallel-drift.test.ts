import { describe, expect, it } from "vitest";
import { computeDrift, PARALLEL_MIN_VALUES } from "../../src/datasets/parallel-drift.ts";
import { DriftInputError } from "../../src/drift/column-drift.ts";
import type { ColumnValues, Table } from "../../src/drift/columns.ts";
import { datasetDrift } from "../../src/drift/dataset-drift.ts";
import { normal, seededRandom } from "./seeded-random.ts";

// Worker threads must give exactly the single-thread report, in column order.

function tables(seed: number, rows: number): () => [Table, Table] {
  const random = seededRandom(seed);
  const make = (shift: number): Map<string, ColumnValues> =>
    new Map<string, ColumnValues>([
      [
        "a",
        {
          kind: "number",
          values: Float64Array.from({ length: rows }, () => normal(random) + shift),
          integer: false,
        },
      ],
      [
        "b",
        {
          kind: "number",
          values: Float64Array.from({ length: rows }, () => Math.floor(random() * 4)),
          integer: true,
        },
      ],
      [
        "c",
        {
          kind: "string",
          codes: Int32Array.from({ length: rows }, () => Math.floor(random() * 3 + shift)),
          dictionary: ["x", "y", "z", "w"],
        },
      ],
    ]);
  const ref = make(0);
  const cur = make(0.2);
  // Fresh copies each call: the parallel path transfers (and so consumes) the column buffers.
  const copy = (m: Map<string, ColumnValues>): Table => ({
    rowCount: rows,
    columns: new Map(
      [...m].map(([k, c]) => [
        k,
        c.kind === "number" ? { ...c, values: c.values.slice() } : { ...c, codes: c.codes.slice() },
      ]),
    ),
  });
  return () => [copy(ref), copy(cur)];
}

describe("parallel drift", () => {
  it("matches the single-thread report", async () => {
    const fresh = tables(3, Math.ceil(PARALLEL_MIN_VALUES / 4));
    const [r1, c1] = fresh();
    const expected = datasetDrift(r1, c1);
    const [r2, c2] = fresh();
    const actual = await computeDrift(r2, c2, {}, { threads: 2 });
    expect(actual).toEqual(expected);
    expect(actual.columns.map((c) => c.test)).toEqual(["wasserstein", "jensenshannon", "jensenshannon"]);
  });

  it("passes input errors from a worker on as DriftInputError", async () => {
    const fresh = tables(4, Math.ceil(PARALLEL_MIN_VALUES / 4));
    const [r, c] = fresh();
    const overrides = new Map([["c", { type: "numerical" as const }]]);
    await expect(computeDrift(r, c, { overrides }, { threads: 2 })).rejects.toBeInstanceOf(DriftInputError);
  });
});
