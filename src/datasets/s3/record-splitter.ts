// Splits a CSV or JSON Lines byte stream into records as chunks arrive, so rows can be counted,
// sampled or copied without the whole object in memory. CSV records end at a line feed outside
// double quotes (RFC 4180 fields may hold line breaks); JSON Lines records at every line feed (JSON
// strings cannot hold a raw one). Blank lines, which both readers skip, are dropped. Pure.

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * A record's bytes (ending with a line feed; a view valid only during the call), its 1-based first
 * line and byte offset in the object, and how many lines it spans.
 */
export type RecordSink = (record: Uint8Array, line: number, byteOffset: number, lines: number) => void;

export class RecordSplitter {
  private readonly quoted: boolean;
  private inQuotes = false;
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  /** Line and offset where the record being assembled started. */
  private line = 1;
  private offset = 0;
  private linesInRecord = 0;

  /** `quoted`: CSV quoting rules apply (a line feed inside double quotes does not end a record). */
  constructor(quoted: boolean) {
    this.quoted = quoted;
  }

  push(chunk: Uint8Array, emit: RecordSink): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === QUOTE && this.quoted) this.inQuotes = !this.inQuotes;
      else if (b === LF) {
        if (this.inQuotes) this.linesInRecord++;
        else {
          this.finish(chunk.subarray(start, i + 1), emit);
          start = i + 1;
        }
      }
    }
    if (start < chunk.length) {
      this.carry.push(chunk.slice(start));
      this.carryBytes += chunk.length - start;
    }
  }

  /** Emits a last record that has no final line feed (one is added). */
  end(emit: RecordSink): void {
    if (this.carryBytes === 0) return;
    this.finish(Uint8Array.of(LF), emit);
  }

  private finish(tail: Uint8Array, emit: RecordSink): void {
    let record = tail;
    if (this.carryBytes > 0) {
      record = new Uint8Array(this.carryBytes + tail.length);
      let at = 0;
      for (const part of this.carry) {
        record.set(part, at);
        at += part.length;
      }
      record.set(tail, at);
      this.carry = [];
      this.carryBytes = 0;
    }
    if (!isBlank(record, this.quoted)) emit(record, this.line, this.offset, this.linesInRecord + 1);
    this.offset += record.length;
    this.line += this.linesInRecord + 1;
    this.linesInRecord = 0;
  }
}

/** Only a line break (CSV); only whitespace (JSON Lines, as its reader skips). */
function isBlank(record: Uint8Array, quoted: boolean): boolean {
  if (quoted) return record.length === 1 || (record.length === 2 && record[0] === CR);
  for (const b of record) if (b !== 0x20 && b !== 0x09 && b !== CR && b !== LF) return false;
  return true;
}
