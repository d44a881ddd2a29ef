import type { ColumnValues } from "../drift/columns.ts";
import { MAX_DISTINCT_STRINGS } from "./limits.ts";

// Builders that fill the columnar model cell by cell with no per-row objects: numbers go straight into
// a Float64Array sized from the row count; strings are dictionary-encoded as they arrive.

/** What a first pass over the cells learned about a column. */
export interface ColumnProfile {
  /** Every present cell reads as a number (including NaN/inf spellings). */
  numeric: boolean;
  /** Every cell is a plain integer literal and none is missing: pandas would read int64. */
  integer: boolean;
}

export function newProfile(): ColumnProfile {
  return { numeric: true, integer: true };
}

export class NumberColumnBuilder {
  readonly values: Float64Array;
  private readonly integer: boolean;

  constructor(rows: number, integer: boolean) {
    this.values = new Float64Array(rows).fill(Number.NaN);
    this.integer = integer;
  }

  build(): ColumnValues {
    return { kind: "number", values: this.values, integer: this.integer };
  }
}

export class StringColumnBuilder {
  readonly codes: Int32Array;
  private readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(rows: number) {
    this.codes = new Int32Array(rows).fill(-1);
  }

  /** Code of a value, adding it to the dictionary on first sight; undefined past the distinct limit. */
  code(value: string): number | undefined {
    let code = this.index.get(value);
    if (code === undefined) {
      if (this.dictionary.length >= MAX_DISTINCT_STRINGS) return undefined;
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.index.set(value, code);
    }
    return code;
  }

  build(): ColumnValues {
    return { kind: "string", codes: this.codes, dictionary: this.dictionary };
  }
}
