import type { ColumnValues, Table } from "../drift/columns.ts";
import {
  type ChunkProfile,
  type ColumnTarget,
  cellText,
  fillCsvChunk,
  profileCsvChunk,
} from "./csv-chunk.ts";
import { tokenizeCsv } from "./csv-tokenizer.ts";
import { DatasetError, positionOf } from "./dataset-error.ts";
import { MAX_COLUMNS } from "./limits.ts";
import { invalidUtf8Offset } from "./utf8.ts";

// CSV into the columnar model: the header, then two passes over the records (csv-chunk.ts) — the first
// learns each column's type the way pandas' `read_csv` would (numbers, integers, text) and checks the
// shape, the second fills typed arrays. No per-row objects; strings are decoded only for text cells.
// csv-parallel.ts runs the same passes over chunks of the records on several threads.

/** The checked header: column names and where the records begin. */
export interface CsvHeader {
  names: string[];
  bodyStart: number;
}

export function parseCsvHeader(bytes: Uint8Array, file: string): CsvHeader {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) throw new DatasetError(file, "invalid UTF-8", positionOf(bytes, bad));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const names: string[] = [];
  const bodyStart = tokenizeCsv(
    bytes,
    file,
    {
      cell(column, s, e, quoted) {
        names.push(cellText(bytes, s, e, quoted).trim() || `Unnamed: ${column}`);
      },
      record(_row, cells, offset) {
        if (cells > MAX_COLUMNS) throw new DatasetError(file, `more than ${MAX_COLUMNS} columns`);
        const seen = new Set<string>();
        for (const name of names) {
          if (seen.has(name))
            throw new DatasetError(file, `duplicate column name '${name}'`, positionOf(bytes, offset));
          seen.add(name);
        }
        return true;
      },
    },
    start,
  );
  if (names.length === 0) throw new DatasetError(file, "no header row");
  return { names, bodyStart };
}

/** The columns' types from the profiles of every chunk, in order: numbers only if every chunk agrees. */
export function columnKinds(profiles: readonly ChunkProfile[], columns: number, rows: number) {
  return Array.from({ length: columns }, (_, c) => ({
    numeric: profiles.every((p) => p.numeric[c] === 1),
    integer: rows > 0 && profiles.every((p) => p.integer[c] === 1),
  }));
}

export function parseCsv(bytes: Uint8Array, file: string): Table {
  const { names, bodyStart } = parseCsvHeader(bytes, file);
  const profile = profileCsvChunk(bytes, bodyStart, bytes.length, names.length, file);
  const kinds = columnKinds([profile], names.length, profile.rows);
  const targets: ColumnTarget[] = kinds.map((k) =>
    k.numeric
      ? { numbers: new Float64Array(profile.rows).fill(Number.NaN) }
      : { codes: new Int32Array(profile.rows).fill(-1) },
  );
  const dictionaries = fillCsvChunk(bytes, bodyStart, bytes.length, targets, 0, names, file);
  return { rowCount: profile.rows, columns: tableColumns(names, kinds, targets, dictionaries) };
}

/** The filled targets as the columnar model's columns, by name. */
export function tableColumns(
  names: readonly string[],
  kinds: readonly { integer: boolean }[],
  targets: readonly ColumnTarget[],
  dictionaries: readonly (string[] | null)[],
): Map<string, ColumnValues> {
  const columns = new Map<string, ColumnValues>();
  names.forEach((name, c) => {
    const target = targets[c] as ColumnTarget;
    columns.set(
      name,
      "numbers" in target
        ? { kind: "number", values: target.numbers, integer: kinds[c]?.integer === true }
        : { kind: "string", codes: target.codes, dictionary: dictionaries[c] ?? [] },
    );
  });
  return columns;
}
