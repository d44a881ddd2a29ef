import type { ColumnValues, Table } from "../../drift/columns.ts";

// Tables decoded object by object (Parquet) joined into one, whole or at chosen rows (a sample).
// Columns are the union in order of first appearance; an object without a column contributes missing
// cells. A column numeric in every object stays numeric; otherwise numbers join the text categories
// as their shortest decimal (pandas would make such a column `object` too). Pure.

/** Keeps only `columns` that the table has, in the order asked. */
export function selectColumns(table: Table, columns: readonly string[] | undefined): Table {
  if (!columns) return table;
  const picked = new Map<string, ColumnValues>();
  for (const name of columns) {
    const column = table.columns.get(name);
    if (column) picked.set(name, column);
  }
  return { rowCount: table.rowCount, columns: picked };
}

/**
 * One table from `tables` in order; `rows` (ascending indices over all tables' rows together) keeps
 * only those rows.
 */
export function combineTables(tables: readonly Table[], rows?: ArrayLike<number>): Table {
  const total = tables.reduce((n, t) => n + t.rowCount, 0);
  const count = rows ? rows.length : total;
  // For each output row: which table, which row of it.
  const source = new Int32Array(count);
  const local = new Int32Array(count);
  let t = 0;
  let base = 0;
  for (let k = 0; k < count; k++) {
    const global = rows ? (rows[k] as number) : k;
    while (global >= base + (tables[t] as Table).rowCount) base += (tables[t++] as Table).rowCount;
    source[k] = t;
    local[k] = global - base;
  }
  const names: string[] = [];
  for (const table of tables)
    for (const name of table.columns.keys()) if (!names.includes(name)) names.push(name);
  const columns = new Map<string, ColumnValues>();
  for (const name of names) {
    const parts = tables.map((table) => table.columns.get(name));
    const numeric = parts.every((p) => p === undefined || p.kind === "number");
    columns.set(name, numeric ? joinNumbers(parts, source, local) : joinStrings(parts, source, local));
  }
  return { rowCount: count, columns };
}

function joinNumbers(
  parts: (ColumnValues | undefined)[],
  source: Int32Array,
  local: Int32Array,
): ColumnValues {
  const values = new Float64Array(source.length).fill(Number.NaN);
  for (let k = 0; k < source.length; k++) {
    const part = parts[source[k] as number];
    if (part?.kind === "number") values[k] = part.values[local[k] as number] as number;
  }
  const integer = parts.every((p) => p?.kind === "number" && p.integer) && source.length > 0;
  return { kind: "number", values, integer };
}

function joinStrings(
  parts: (ColumnValues | undefined)[],
  source: Int32Array,
  local: Int32Array,
): ColumnValues {
  const codes = new Int32Array(source.length).fill(-1);
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  // Per part, the joined code of each of its codes, filled on first use so unused categories of an
  // unsampled row never enter the dictionary.
  const remaps = parts.map((p) =>
    p?.kind === "string" ? new Int32Array(p.dictionary.length).fill(-2) : undefined,
  );
  const codeOf = (text: string) => {
    let code = index.get(text);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(text);
      index.set(text, code);
    }
    return code;
  };
  for (let k = 0; k < source.length; k++) {
    const p = source[k] as number;
    const part = parts[p];
    if (!part) continue;
    if (part.kind === "number") {
      const v = part.values[local[k] as number] as number;
      if (!Number.isNaN(v)) codes[k] = codeOf(String(v));
      continue;
    }
    const c = part.codes[local[k] as number] as number;
    if (c < 0) continue;
    const remap = remaps[p] as Int32Array;
    if (remap[c] === -2) remap[c] = codeOf(part.dictionary[c] as string);
    codes[k] = remap[c] as number;
  }
  return { kind: "string", codes, dictionary };
}
