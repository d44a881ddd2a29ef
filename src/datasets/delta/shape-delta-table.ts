import type { ColumnValues, Table } from "../../drift/columns.ts";
import type { DeltaColumn } from "./delta-schema.ts";

// One data file's decoded Parquet table as the Delta table's columns (PROTOCOL.md, "Consistency
// Between Table Metadata and Data Files" and "Column Mapping"): columns in schema order under their
// logical names, read from the file by physical name; partition columns filled from the file's
// partition values (serialised as text in the log: PROTOCOL.md, "Partition Value Serialization");
// columns the file lacks (added later, or `void`) missing; file columns outside the schema (dropped
// columns, `_change_type`) left out. Dates and timestamps take the text the Parquet reader gives
// them (ISO 8601 in UTC), so a partition column reads like the same column stored in a file. Pure.

function missing(column: DeltaColumn, rows: number): ColumnValues {
  if (column.reading === "integer" || column.reading === "number")
    return { kind: "number", values: new Float64Array(rows).fill(Number.NaN), integer: false };
  return { kind: "string", codes: new Int32Array(rows).fill(-1), dictionary: [] };
}

/** A partition value as the text a Parquet file's value would read as; null when missing. */
export function partitionText(column: DeltaColumn, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (column.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00.000Z`;
  if (column.type === "timestamp" || column.type === "timestamp_ntz") {
    // `2026-11-20 06:00:00[.ffffff]` (the writer's zone: UTC is assumed) or ISO 8601 in UTC.
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,9})?Z?$/.exec(value);
    const t = m ? Date.parse(`${m[1]}T${m[2]}${(m[3] ?? "").slice(0, 4)}Z`) : Number.NaN;
    return Number.isNaN(t) ? value : new Date(t).toISOString();
  }
  return value;
}

function constant(column: DeltaColumn, value: string | null | undefined, rows: number): ColumnValues {
  const text = partitionText(column, value);
  if (column.reading === "integer" || column.reading === "number") {
    const n = text === null ? Number.NaN : Number(text);
    return {
      kind: "number",
      values: new Float64Array(rows).fill(n),
      integer: column.reading === "integer" && !Number.isNaN(n) && rows > 0,
    };
  }
  if (text === null) return missing(column, rows);
  return { kind: "string", codes: new Int32Array(rows).fill(0), dictionary: [text] };
}

export function shapeDeltaTable(
  columns: readonly DeltaColumn[],
  partitionColumns: ReadonlySet<string>,
  table: Table,
  partitionValues: Readonly<Record<string, string | null>>,
): Table {
  const rows = table.rowCount;
  const out = new Map<string, ColumnValues>();
  for (const column of columns) {
    if (partitionColumns.has(column.name))
      out.set(column.name, constant(column, partitionValues[column.physical], rows));
    else if (column.reading === "void") out.set(column.name, missing(column, rows));
    else out.set(column.name, table.columns.get(column.physical) ?? missing(column, rows));
  }
  return { rowCount: rows, columns: out };
}
