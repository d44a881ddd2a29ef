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

  private readonly isMissing: (value: string) => boolean;

  /**
   * `isMissing` names the texts that mean "no value" (code −1), such as pandas' NA spellings in CSV.
   * `codes` is where the codes go (default: a new array of `rows`, all −1): a parallel reader passes
   * its share of a column all readers write.
   */
  constructor(rows: number, isMissing: (value: string) => boolean = () => false, codes?: Int32Array) {
    this.codes = codes ?? new Int32Array(rows).fill(-1);
    this.isMissing = isMissing;
  }

  /** Code of a value (−1 when it means missing), added on first sight; undefined past the limit. */
  code(value: string): number | undefined {
    if (this.isMissing(value)) return -1;
    let code = this.index.get(value);
    if (code === undefined) {
      if (this.dictionary.length >= MAX_DISTINCT_STRINGS) return undefined;
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.index.set(value, code);
    }
    return code;
  }

  /**
   * Code of the text in bytes [start, end), decoding only on the first sight of those bytes: an
   * FNV-1a hash of the bytes finds an earlier occurrence, which is compared byte for byte. Categorical
   * columns repeat a few values millions of times, so this skips almost every string decode.
   */
  codeOfBytes(bytes: Uint8Array, start: number, end: number, decode: () => string): number | undefined {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
    const seen = this.byHash.get(hash);
    if (seen !== undefined && sameBytes(bytes, seen.start, seen.end, start, end)) return seen.code;
    const code = this.code(decode());
    if (code !== undefined && seen === undefined) this.byHash.set(hash, { start, end, code });
    return code;
  }

  private readonly byHash = new Map<number, { start: number; end: number; code: number }>();

  build(): ColumnValues {
    return { kind: "string", codes: this.codes, dictionary: this.dictionary };
  }
}

function sameBytes(bytes: Uint8Array, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let k = 0; k < e1 - s1; k++) if (bytes[s1 + k] !== bytes[s2 + k]) return false;
  return true;
}
