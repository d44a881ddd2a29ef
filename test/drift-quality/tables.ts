import type { ColumnValues, Table } from "../../src/drift/columns.ts";

export { numberColumn, stringColumn } from "../drift/column-values.ts";

/** A table from named columns; the row count is the first column's length. */
export function table(columns: Record<string, ColumnValues>): Table {
  const first = Object.values(columns)[0];
  const rowCount = !first ? 0 : first.kind === "number" ? first.values.length : first.codes.length;
  return { rowCount, columns: new Map(Object.entries(columns)) };
}

export const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

export const sources = (refRows: number, curRows: number) => ({
  reference: { path: "ref.csv", rows: refRows },
  current: { path: "cur.csv", rows: curRows },
});
