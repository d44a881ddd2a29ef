import { describe, expect, it } from "vitest";
import { combineTables, selectColumns } from "../../src/datasets/s3/combine-tables.ts";
import type { ColumnValues, Table } from "../../src/drift/columns.ts";

// Joining per-object tables (Parquet partitions) into one, whole or at sampled rows.

function table(columns: Record<string, ColumnValues>): Table {
  const first = Object.values(columns)[0];
  const rowCount = first ? (first.kind === "number" ? first.values.length : first.codes.length) : 0;
  return { rowCount, columns: new Map(Object.entries(columns)) };
}
const num = (values: number[], integer = false): ColumnValues => ({
  kind: "number",
  values: Float64Array.from(values),
  integer,
});
const str = (codes: number[], dictionary: string[]): ColumnValues => ({
  kind: "string",
  codes: Int32Array.from(codes),
  dictionary,
});

describe("combineTables", () => {
  const a = table({ id: num([1, 2], true), tag: str([0, 1], ["x", "y"]) });
  const b = table({ id: num([3], true), tag: str([0], ["y"]), extra: num([9.5]) });

  it("joins rows in order, with the union of columns and missing cells where a part lacks one", () => {
    const t = combineTables([a, b]);
    expect(t.rowCount).toBe(3);
    expect([...t.columns.keys()]).toEqual(["id", "tag", "extra"]);
    expect(t.columns.get("id")).toEqual(num([1, 2, 3], true));
    expect(t.columns.get("tag")).toEqual(str([0, 1, 1], ["x", "y"]));
    expect(t.columns.get("extra")).toEqual(num([Number.NaN, Number.NaN, 9.5]));
  });

  it("takes only the chosen rows, and only their categories", () => {
    const t = combineTables([a, b], [1, 2]);
    expect(t.rowCount).toBe(2);
    expect(t.columns.get("tag")).toEqual(str([0, 0], ["y"]));
    expect(t.columns.get("id")).toEqual(num([2, 3], true));
  });

  it("skips empty parts", () => {
    const empty = table({ id: num([], true) });
    expect(combineTables([empty, a, empty, b], [0, 2]).columns.get("id")).toEqual(num([1, 3], true));
  });

  it("makes a column numeric in one part and text in another a text column", () => {
    const t = combineTables([table({ v: num([1.5, Number.NaN]) }), table({ v: str([0, -1], ["n/a"]) })]);
    expect(t.columns.get("v")).toEqual(str([0, -1, 1, -1], ["1.5", "n/a"]));
  });
});

describe("selectColumns", () => {
  it("keeps the asked columns in the asked order and ignores absent ones", () => {
    const t = selectColumns(table({ a: num([1]), b: num([2]), c: num([3]) }), ["c", "zz", "a"]);
    expect([...t.columns.keys()]).toEqual(["c", "a"]);
  });
});
