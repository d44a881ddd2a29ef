import type { Table } from "../drift/columns.ts";
import {
  DECIMAL_LITERAL,
  INTEGER_LITERAL,
  MISSING_SPELLINGS,
  NOT_A_NUMBER,
  scanNumber,
  specialNumber,
} from "./cell-syntax.ts";
import {
  type ColumnProfile,
  NumberColumnBuilder,
  newProfile,
  StringColumnBuilder,
} from "./column-builder.ts";
import { tokenizeCsv } from "./csv-tokenizer.ts";
import { DatasetError, positionOf } from "./dataset-error.ts";
import { MAX_COLUMNS } from "./limits.ts";
import { invalidUtf8Offset } from "./utf8.ts";

// CSV into the columnar model in two passes over the bytes: the first learns each column's type the
// way pandas' `read_csv` would (numbers, integers, text) and checks the shape; the second fills typed
// arrays. No per-row objects, and strings are only decoded for text cells.

const decoder = new TextDecoder("utf-8");

function text(bytes: Uint8Array, start: number, end: number, quoted: boolean): string {
  const s = decoder.decode(bytes.subarray(start, end));
  return quoted ? s.replaceAll('""', '"') : s;
}

export function parseCsv(bytes: Uint8Array, file: string): Table {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) throw new DatasetError(file, "invalid UTF-8", positionOf(bytes, bad));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const names: string[] = [];
  const profiles: ColumnProfile[] = [];
  const scratch = new Float64Array(1);
  let rows = 0;
  tokenizeCsv(
    bytes,
    file,
    {
      cell(column, s, e, quoted) {
        if (rows === 0) {
          names.push(text(bytes, s, e, quoted).trim() || `Unnamed: ${column}`);
          return;
        }
        const profile = profiles[column];
        if (!profile?.numeric) return;
        const kind = scanNumber(bytes, s, e, scratch);
        if (kind === INTEGER_LITERAL) return;
        profile.integer = false;
        if (kind === NOT_A_NUMBER && specialNumber(text(bytes, s, e, quoted)) === undefined)
          profile.numeric = false;
      },
      record(row, cells, offset) {
        if (row === 0) {
          if (cells > MAX_COLUMNS) throw new DatasetError(file, `more than ${MAX_COLUMNS} columns`);
          const seen = new Set<string>();
          for (const name of names) {
            if (seen.has(name))
              throw new DatasetError(file, `duplicate column name '${name}'`, positionOf(bytes, offset));
            seen.add(name);
          }
          for (let c = 0; c < names.length; c++) profiles.push(newProfile());
          rows = 1;
          return;
        }
        if (cells !== names.length) {
          throw new DatasetError(
            file,
            `row has ${cells} fields but the header has ${names.length}`,
            positionOf(bytes, offset),
          );
        }
        rows++;
      },
    },
    start,
  );
  if (names.length === 0) throw new DatasetError(file, "no header row");
  const rowCount = Math.max(rows - 1, 0);
  const builders: (NumberColumnBuilder | StringColumnBuilder)[] = profiles.map((p) =>
    p.numeric
      ? new NumberColumnBuilder(rowCount, p.integer && rowCount > 0)
      : new StringColumnBuilder(rowCount, (v) => MISSING_SPELLINGS.has(v)),
  );
  const numbers = builders.map((b) => (b instanceof NumberColumnBuilder ? b.values : undefined));
  const strings = builders.map((b) => (b instanceof StringColumnBuilder ? b : undefined));
  let row = -1;
  tokenizeCsv(
    bytes,
    file,
    {
      cell(column, s, e, quoted) {
        if (row < 0) return;
        const values = numbers[column];
        if (values) {
          const kind = scanNumber(bytes, s, e, scratch);
          values[row] =
            kind === INTEGER_LITERAL || kind === DECIMAL_LITERAL
              ? (scratch[0] as number)
              : (specialNumber(text(bytes, s, e, quoted)) ?? Number.NaN);
          return;
        }
        const builder = strings[column];
        if (builder) {
          if (s === e) return; // empty: missing, stays −1
          const decode = () => text(bytes, s, e, quoted);
          const code = quoted ? builder.code(decode()) : builder.codeOfBytes(bytes, s, e, decode);
          if (code === undefined)
            throw new DatasetError(file, `column '${names[column]}' has too many distinct values`);
          builder.codes[row] = code;
        }
      },
      record() {
        row++;
      },
    },
    start,
  );
  return {
    rowCount,
    columns: new Map(
      names.map((name, c) => [name, (builders[c] as NumberColumnBuilder | StringColumnBuilder).build()]),
    ),
  };
}
