import { DatasetError } from "../dataset-error.ts";
import { MAX_DATASET_BYTES } from "../limits.ts";

// Records from several objects gathered into one buffer for the CSV and JSON Lines readers, which
// parse whole buffers. It remembers where each run of records came from, so an error the reader
// raises at a buffer offset is reported at the object's own URI, line and column.

interface Segment {
  /** Offset in the buffer where the run starts. */
  at: number;
  uri: string;
  line: number;
  byteOffset: number;
}

export class TextBuffer {
  private bytes = new Uint8Array(64 * 1024);
  private length = 0;
  private readonly segments: Segment[] = [];
  /** Where the next record would continue the last run. */
  private nextUri = "";
  private nextLine = 0;
  private nextOffset = 0;
  private readonly label: string;

  /** `label` names the dataset in a message that has no single object to point at. */
  constructor(label: string) {
    this.label = label;
  }

  append(record: Uint8Array, uri: string, line: number, byteOffset: number, lines: number): void {
    const needed = this.length + record.length;
    if (needed > MAX_DATASET_BYTES)
      throw new DatasetError(
        this.label,
        `the rows to parse pass ${MAX_DATASET_BYTES} bytes; read fewer columns or objects, or sample`,
      );
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.min(MAX_DATASET_BYTES, Math.max(needed, this.bytes.length * 2)));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    if (uri !== this.nextUri || line !== this.nextLine || byteOffset !== this.nextOffset)
      this.segments.push({ at: this.length, uri, line, byteOffset });
    this.bytes.set(record, this.length);
    this.length = needed;
    this.nextUri = uri;
    this.nextLine = line + lines;
    this.nextOffset = byteOffset + record.length;
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** The reader's error at the object and position it came from. */
  relocate(error: DatasetError): DatasetError {
    const at = error.position?.byteOffset;
    const segment = at === undefined ? undefined : this.segmentAt(at);
    if (at === undefined || !segment) return new DatasetError(this.label, error.detail);
    let line = segment.line;
    let lineStart = segment.at;
    for (let i = segment.at; i < at && i < this.length; i++) {
      if (this.bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = at - lineStart + 1 + (line === segment.line ? columnShift(segment) : 0);
    return new DatasetError(segment.uri, error.detail, {
      line,
      column,
      byteOffset: segment.byteOffset + (at - segment.at),
    });
  }

  private segmentAt(offset: number): Segment | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found: Segment | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.segments[mid] as Segment;
      if (s.at <= offset) {
        found = s;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/** A run starting past a byte-order mark starts at column 4 of its line, not column 1. */
function columnShift(segment: Segment): number {
  return segment.line === 1 ? segment.byteOffset : 0;
}
