import {
  DECIMAL_LITERAL,
  INTEGER_LITERAL,
  MISSING_SPELLINGS,
  NOT_A_NUMBER,
  scanNumber,
  specialNumber,
} from "./cell-syntax.ts";
import { StringColumnBuilder } from "./column-builder.ts";
import { tokenizeCsv } from "./csv-tokenizer.ts";
import { DatasetError, positionOf } from "./dataset-error.ts";

// The two passes of the CSV reader over one range of records (the whole body, or one chunk of it read
// by one thread): the first learns each column's type the way pandas' `read_csv` would, the second
// writes typed columns in place. Numbers are scanned from the bytes; only text cells are decoded.

const decoder = new TextDecoder("utf-8");

export function cellText(bytes: Uint8Array, start: number, end: number, quoted: boolean): string {
  const s = decoder.decode(bytes.subarray(start, end));
  return quoted ? s.replaceAll('""', '"') : s;
}

/** What the first pass learned of a range: its records, and per column whether it reads as numbers. */
export interface ChunkProfile {
  rows: number;
  /** 1 when every present cell reads as a number (NaN and infinity spellings included). */
  numeric: Uint8Array;
  /** 1 when every cell is a plain integer literal (none missing): pandas would read int64. */
  integer: Uint8Array;
}

export function profileCsvChunk(
  bytes: Uint8Array,
  start: number,
  end: number,
  columns: number,
  file: string,
): ChunkProfile {
  const numeric = new Uint8Array(columns).fill(1);
  const integer = new Uint8Array(columns).fill(1);
  const scratch = new Float64Array(1);
  let rows = 0;
  tokenizeCsv(
    bytes,
    file,
    {
      cell(column, s, e, quoted) {
        if (column >= columns || numeric[column] === 0) return;
        const kind = scanNumber(bytes, s, e, scratch, true);
        if (kind === INTEGER_LITERAL) return;
        integer[column] = 0;
        if (kind === NOT_A_NUMBER && specialNumber(cellText(bytes, s, e, quoted)) === undefined)
          numeric[column] = 0;
      },
      record(_row, cells, offset) {
        if (cells !== columns)
          throw new DatasetError(
            file,
            `row has ${cells} fields but the header has ${columns}`,
            positionOf(bytes, offset),
          );
        rows++;
      },
    },
    start,
    end,
  );
  return { rows, numeric, integer };
}

/** Where the second pass writes: per column, numbers (NaN when missing) or dictionary codes (−1). */
export type ColumnTarget = { numbers: Float64Array } | { codes: Int32Array };

/**
 * Writes the range's records into the targets from row `firstRow`; returns, per text column, the
 * dictionary its codes index (first appearance order), or a DatasetError when one grows too large.
 */
export function fillCsvChunk(
  bytes: Uint8Array,
  start: number,
  end: number,
  targets: readonly ColumnTarget[],
  firstRow: number,
  names: readonly string[],
  file: string,
): (string[] | null)[] {
  const scratch = new Float64Array(1);
  const numbers = targets.map((t) => ("numbers" in t ? t.numbers : undefined));
  const strings = targets.map((t) =>
    "codes" in t ? new StringColumnBuilder(0, (v) => MISSING_SPELLINGS.has(v), t.codes) : undefined,
  );
  let row = firstRow;
  tokenizeCsv(
    bytes,
    file,
    {
      cell(column, s, e, quoted) {
        const values = numbers[column];
        if (values) {
          const kind = scanNumber(bytes, s, e, scratch);
          values[row] =
            kind === INTEGER_LITERAL || kind === DECIMAL_LITERAL
              ? (scratch[0] as number)
              : (specialNumber(cellText(bytes, s, e, quoted)) ?? Number.NaN);
          return;
        }
        const builder = strings[column];
        if (!builder || s === e) return; // empty: missing, stays −1
        const decode = () => cellText(bytes, s, e, quoted);
        const code = quoted ? builder.code(decode()) : builder.codeOfBytes(bytes, s, e, decode);
        if (code === undefined)
          throw new DatasetError(file, `column '${names[column]}' has too many distinct values`);
        builder.codes[row] = code;
      },
      record() {
        row++;
      },
    },
    start,
    end,
  );
  return strings.map((b) => {
    if (!b) return null;
    const built = b.build();
    return built.kind === "string" ? [...built.dictionary] : null;
  });
}
