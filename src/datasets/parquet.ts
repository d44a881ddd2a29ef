import zlib from "node:zlib";
import {
  type Compressors,
  type FileMetaData,
  parquetMetadata,
  parquetRead,
  type SchemaElement,
} from "hyparquet";
import type { ColumnValues, Table } from "../drift/columns.ts";
import { NumberColumnBuilder, StringColumnBuilder } from "./column-builder.ts";
import { DatasetError } from "./dataset-error.ts";
import { MAX_COLUMNS, MAX_ROWS } from "./limits.ts";

// Parquet into the columnar model with hyparquet (pure JavaScript, no native addon). Values arrive as
// decoded column chunks and are copied into typed arrays, never assembled into row objects. Floating
// and plain integer columns are numeric (integer when no value is null, as pandas reads int64); strings,
// booleans ("true"/"false"), dates and timestamps (ISO text) and anything else become text categories.

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/**
 * Page codecs beyond hyparquet's built-in Snappy, from Node's zlib: GZIP (pandas' other common choice),
 * BROTLI and ZSTD (polars' and Spark's defaults). LZ4 is not supported.
 */
export const COMPRESSORS: Compressors = {
  GZIP: (input) => new Uint8Array(zlib.gunzipSync(input)),
  BROTLI: (input) => new Uint8Array(zlib.brotliDecompressSync(input)),
  ZSTD: (input) => {
    // zlib decodes zstd from Node.js 22.15; on an older one such a file is refused by name, not misread.
    if (typeof zlib.zstdDecompressSync !== "function")
      throw new UnsupportedCodec(
        `ZSTD-compressed pages need Node.js 22.15 or later (this is ${process.versions.node})`,
      );
    return new Uint8Array(zlib.zstdDecompressSync(input));
  },
};

/** A codec this Node.js cannot decode: the file may be fine, so it is not called corrupt. */
class UnsupportedCodec extends Error {}
const decoder = new TextDecoder("utf-8");

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return MAGIC.every((b, k) => bytes[at + k] === b);
}

function isNumeric(element: SchemaElement): boolean {
  const t = element.type;
  if (t === "DOUBLE" || t === "FLOAT") return true;
  if (t !== "INT32" && t !== "INT64") return false;
  const converted = element.converted_type;
  const logical = element.logical_type?.type;
  return (
    (converted === undefined ||
      converted.startsWith("INT_") ||
      converted.startsWith("UINT_") ||
      converted === "DECIMAL") &&
    (logical === undefined || logical === "INTEGER" || logical === "DECIMAL")
  );
}

function asText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return decoder.decode(v);
  if (typeof v === "object") return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  return String(v);
}

/**
 * Which columns to read: top-level names, or Parquet field ids each with the name to give the column
 * (a Delta table in column mapping mode `id` resolves its columns by field id).
 */
export type ColumnSelection =
  | readonly string[]
  | { readonly fieldIds: readonly (readonly [number, string])[] };

/** Reads the selected top-level columns (default: all) of a Parquet file held in memory. */
export async function parseParquet(
  bytes: Uint8Array,
  file: string,
  wanted?: ColumnSelection,
): Promise<Table> {
  if (bytes.length < 12 || !hasMagic(bytes, 0)) {
    throw new DatasetError(file, "not a Parquet file (no PAR1 header)", { byteOffset: 0 });
  }
  if (!hasMagic(bytes, bytes.length - 4)) {
    throw new DatasetError(file, "truncated Parquet file (no PAR1 footer)", { byteOffset: bytes.length });
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer);
  } catch (error) {
    throw new DatasetError(file, `unreadable Parquet footer: ${(error as Error).message}`, {
      byteOffset: bytes.length - 8,
    });
  }
  const rows = Number(metadata.num_rows);
  const groupRows = metadata.row_groups.reduce((sum, g) => sum + Number(g.num_rows), 0);
  if (!Number.isSafeInteger(rows) || rows < 0 || rows > MAX_ROWS || groupRows !== rows) {
    throw new DatasetError(
      file,
      `corrupt Parquet footer: ${metadata.num_rows} rows in ${groupRows} row-group rows`,
      {
        byteOffset: bytes.length - 8,
      },
    );
  }
  const leaves = topLevelColumns(metadata.schema);
  if (leaves.length > MAX_COLUMNS) throw new DatasetError(file, `more than ${MAX_COLUMNS} columns`);
  const byId = wanted && "fieldIds" in wanted ? new Map(wanted.fieldIds) : undefined;
  const byName = wanted && !("fieldIds" in wanted) ? wanted : undefined;
  const selected = byId
    ? leaves.filter((e) => e.field_id !== undefined && byId.has(e.field_id))
    : byName
      ? leaves.filter((e) => byName.includes(e.name))
      : leaves;
  const outputName = (e: SchemaElement) => (byId ? (byId.get(e.field_id as number) as string) : e.name);
  const numbers = new Map<string, { builder: NumberColumnBuilder; integer: boolean }>();
  const strings = new Map<string, StringColumnBuilder>();
  for (const e of selected) {
    if (isNumeric(e)) {
      const integer =
        (e.type === "INT32" || e.type === "INT64") &&
        e.converted_type !== "DECIMAL" &&
        e.logical_type?.type !== "DECIMAL";
      numbers.set(e.name, { builder: new NumberColumnBuilder(rows, integer), integer });
    } else strings.set(e.name, new StringColumnBuilder(rows));
  }
  try {
    await parquetRead({
      file: buffer,
      metadata,
      compressors: COMPRESSORS,
      columns: selected.map((e) => e.name),
      onChunk: ({ columnName, columnData, rowStart }) => {
        const n = numbers.get(columnName);
        if (n) {
          const out = n.builder.values;
          for (let i = 0; i < columnData.length; i++) {
            const v = columnData[i] as unknown;
            if (v === null || v === undefined) n.integer = false;
            else out[rowStart + i] = typeof v === "bigint" ? Number(v) : (v as number);
          }
          return;
        }
        const s = strings.get(columnName);
        if (!s) return;
        for (let i = 0; i < columnData.length; i++) {
          const v = columnData[i] as unknown;
          if (v === null || v === undefined) continue;
          const code = s.code(asText(v));
          if (code === undefined)
            throw new DatasetError(file, `column '${columnName}' has too many distinct values`);
          s.codes[rowStart + i] = code;
        }
      },
    });
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    if (error instanceof UnsupportedCodec) throw new DatasetError(file, error.message);
    throw new DatasetError(file, `corrupt Parquet data: ${(error as Error).message}`);
  }
  const columns = new Map<string, ColumnValues>();
  for (const e of selected) {
    const n = numbers.get(e.name);
    if (n)
      columns.set(outputName(e), {
        kind: "number",
        values: n.builder.values,
        integer: n.integer && rows > 0,
      });
    else columns.set(outputName(e), (strings.get(e.name) as StringColumnBuilder).build());
  }
  return { rowCount: rows, columns };
}

/** The root's direct children, each one column (nested groups read as text). */
function topLevelColumns(schema: readonly SchemaElement[]): SchemaElement[] {
  const out: SchemaElement[] = [];
  let i = 1;
  while (i < schema.length) {
    const e = schema[i] as SchemaElement;
    out.push(e);
    i += 1 + descendants(schema, i);
  }
  return out;
}

function descendants(schema: readonly SchemaElement[], at: number): number {
  const children = (schema[at] as SchemaElement).num_children ?? 0;
  let count = 0;
  let next = at + 1;
  for (let c = 0; c < children; c++) {
    const d = 1 + descendants(schema, next);
    count += d;
    next += d;
  }
  return count;
}
