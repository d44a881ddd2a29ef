import type { Table } from "../drift/columns.ts";
import { INTEGER_LITERAL, NOT_A_NUMBER, scanNumber } from "./cell-syntax.ts";
import { NumberColumnBuilder, StringColumnBuilder } from "./column-builder.ts";
import { DatasetError, positionOf } from "./dataset-error.ts";
import {
  scanJsonl,
  VALUE_FALSE,
  VALUE_NULL,
  VALUE_NUMBER,
  VALUE_STRING,
  VALUE_TRUE,
} from "./jsonl-scanner.ts";
import { MAX_COLUMNS } from "./limits.ts";
import { invalidUtf8Offset } from "./utf8.ts";

// JSON Lines (one flat object per line) into the columnar model, in two passes like the CSV reader.
// A column of JSON numbers (and nulls) is numeric; integer when every value is an integer literal and no
// record lacks it; any string or boolean makes it a text column (booleans read as "true"/"false", numbers
// keep their source text).

const decoder = new TextDecoder("utf-8");

interface Profile {
  name: string;
  numeric: boolean;
  integer: boolean;
  present: number;
}

export function parseJsonl(bytes: Uint8Array, file: string): Table {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) throw new DatasetError(file, "invalid UTF-8", positionOf(bytes, bad));
  const keyText = (s: number, e: number, escaped: boolean) =>
    escaped
      ? (JSON.parse(`"${decoder.decode(bytes.subarray(s, e))}"`) as string)
      : decoder.decode(bytes.subarray(s, e));
  const index = new Map<string, number>();
  const profiles: Profile[] = [];
  const scratch = new Float64Array(1);
  let rows = 0;
  // Records usually repeat the same keys in the same order: compare bytes with the previous record's
  // key at that position before decoding a key string.
  const lastKeyBytes: Uint8Array[] = [];
  const lastKeyColumn: number[] = [];
  let position = 0;
  const columnOf = (s: number, e: number, escaped: boolean, at: number): number => {
    const cached = lastKeyBytes[position];
    if (!escaped && cached && sameBytes(cached, bytes, s, e)) return lastKeyColumn[position++] as number;
    const name = keyText(s, e, escaped);
    let column = index.get(name);
    if (column === undefined) {
      if (profiles.length >= MAX_COLUMNS)
        throw new DatasetError(file, `more than ${MAX_COLUMNS} columns`, positionOf(bytes, at));
      column = profiles.length;
      index.set(name, column);
      profiles.push({ name, numeric: true, integer: true, present: 0 });
    }
    if (!escaped) {
      lastKeyBytes[position] = bytes.slice(s, e);
      lastKeyColumn[position] = column;
    }
    position++;
    return column;
  };

  scanJsonl(bytes, file, {
    field(ks, ke, escaped, kind, s, e) {
      const p = profiles[columnOf(ks, ke, escaped, ks)] as Profile;
      if (kind === VALUE_NULL) {
        p.integer = false;
        return;
      }
      p.present++;
      if (kind !== VALUE_NUMBER) {
        p.numeric = false;
        return;
      }
      const n = scanNumber(bytes, s, e, scratch);
      if (n === NOT_A_NUMBER) throw new DatasetError(file, "malformed number", positionOf(bytes, s));
      if (n !== INTEGER_LITERAL) p.integer = false;
    },
    record() {
      rows++;
      position = 0;
    },
  });
  const builders = profiles.map((p) =>
    p.numeric
      ? new NumberColumnBuilder(rows, p.integer && p.present === rows && rows > 0)
      : new StringColumnBuilder(rows),
  );
  let row = 0;
  position = 0;
  scanJsonl(bytes, file, {
    field(ks, ke, escaped, kind, s, e) {
      const builder = builders[columnOf(ks, ke, escaped, ks)];
      if (kind === VALUE_NULL || !builder) return;
      if (builder instanceof NumberColumnBuilder) {
        scanNumber(bytes, s, e, scratch);
        builder.values[row] = scratch[0] as number;
        return;
      }
      // Equal raw bytes decode to equal strings, so the byte cache is valid for escaped strings too.
      const code =
        kind === VALUE_STRING
          ? builder.codeOfBytes(bytes, s, e, () => JSON.parse(decoder.decode(bytes.subarray(s, e))) as string)
          : builder.code(
              kind === VALUE_TRUE
                ? "true"
                : kind === VALUE_FALSE
                  ? "false"
                  : decoder.decode(bytes.subarray(s, e)),
            );
      if (code === undefined) throw new DatasetError(file, "too many distinct values", positionOf(bytes, s));
      builder.codes[row] = code;
    },
    record() {
      row++;
      position = 0;
    },
  });
  return {
    rowCount: rows,
    columns: new Map(
      profiles.map((p, c) => [p.name, (builders[c] as NumberColumnBuilder | StringColumnBuilder).build()]),
    ),
  };
}

function sameBytes(a: Uint8Array, bytes: Uint8Array, s: number, e: number): boolean {
  if (a.length !== e - s) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== bytes[s + k]) return false;
  return true;
}
