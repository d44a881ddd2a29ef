import { DatasetError, positionOf } from "./dataset-error.ts";
import { MAX_CELL_BYTES } from "./limits.ts";

// RFC 4180 CSV tokenizer over bytes: comma-separated fields, LF or CRLF records, double-quoted fields
// with "" as an escaped quote. It reports cells through a callback with their byte range, so callers
// build columns without creating strings or per-row objects.

export interface CsvCellSink {
  /** A cell's content is bytes [start, end); `quoted` when it was quoted (and may contain ""). */
  cell(column: number, start: number, end: number, quoted: boolean): void;
  /**
   * End of record `row` (0-based) with `cells` cells; `offset` is where the record started. Returning
   * true stops the tokenizer after this record.
   */
  record(row: number, cells: number, offset: number): unknown;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Tokenizes bytes [start, end); blank lines are skipped, as pandas does. Returns where it stopped: `end`,
 * or just past the record whose `record` callback returned true.
 */
export function tokenizeCsv(
  bytes: Uint8Array,
  file: string,
  sink: CsvCellSink,
  start = 0,
  end = bytes.length,
): number {
  let i = start;
  let row = 0;
  while (i < end) {
    const recordStart = i;
    if (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] === LF)) {
      i += bytes[i] === CR ? 2 : 1;
      continue;
    }
    let column = 0;
    for (;;) {
      let cellStart = i;
      let cellEnd: number;
      let quoted = false;
      if (bytes[i] === QUOTE) {
        quoted = true;
        cellStart = ++i;
        for (;;) {
          if (i >= end)
            throw new DatasetError(file, "unterminated quoted field", positionOf(bytes, cellStart - 1));
          if (bytes[i] === QUOTE) {
            if (bytes[i + 1] === QUOTE) i += 2;
            else break;
          } else i++;
        }
        cellEnd = i++;
        const next = bytes[i];
        if (i < end && next !== COMMA && next !== LF && !(next === CR && bytes[i + 1] === LF)) {
          throw new DatasetError(file, "unexpected text after a closing quote", positionOf(bytes, i));
        }
      } else {
        while (i < end) {
          const b = bytes[i];
          if (b === COMMA || b === LF || (b === CR && bytes[i + 1] === LF)) break;
          if (b === QUOTE)
            throw new DatasetError(file, "quote inside an unquoted field", positionOf(bytes, i));
          i++;
        }
        cellEnd = i;
      }
      if (cellEnd - cellStart > MAX_CELL_BYTES) {
        throw new DatasetError(
          file,
          `cell longer than ${MAX_CELL_BYTES} bytes`,
          positionOf(bytes, cellStart),
        );
      }
      sink.cell(column++, cellStart, cellEnd, quoted);
      if (i < end && bytes[i] === COMMA) {
        i++;
        if (i >= end) {
          sink.cell(column++, i, i, false); // a trailing comma ends with an empty cell
          break;
        }
        continue;
      }
      break;
    }
    const stop = sink.record(row++, column, recordStart);
    if (i < end) i += bytes[i] === CR ? 2 : 1;
    if (stop === true) return i;
  }
  return end;
}
