import { DatasetError, positionOf } from "./dataset-error.ts";

// A scanner for JSON Lines whose records are flat objects: it reports each field's key and value as
// byte ranges through a callback, so a reader fills columns without building an object per line.

export const VALUE_NUMBER = 0;
export const VALUE_STRING = 1;
export const VALUE_TRUE = 2;
export const VALUE_FALSE = 3;
export const VALUE_NULL = 4;

export interface JsonlFieldSink {
  /** A key [keyStart, keyEnd) (inside quotes, may hold escapes) with a value of `kind` at [start, end). */
  field(
    keyStart: number,
    keyEnd: number,
    keyEscaped: boolean,
    kind: number,
    start: number,
    end: number,
  ): void;
  /** End of the record that began at `offset`. */
  record(offset: number): void;
}

const WS = new Set([0x20, 0x09, 0x0d]);

export function scanJsonl(bytes: Uint8Array, file: string, sink: JsonlFieldSink): void {
  const end = bytes.length;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const fail = (message: string, at: number): never => {
    throw new DatasetError(file, message, positionOf(bytes, at));
  };
  const skipWs = () => {
    while (i < end && WS.has(bytes[i] as number)) i++;
  };
  /** Scans a string starting at the opening quote; returns whether it holds escapes. */
  const scanString = (): boolean => {
    const open = i++;
    let escaped = false;
    while (i < end && bytes[i] !== 0x22) {
      const b = bytes[i] as number;
      if (b === 0x0a || b < 0x20) fail("unterminated string", open);
      if (b === 0x5c) {
        escaped = true;
        i++;
      }
      i++;
    }
    if (i >= end) fail("unterminated string", open);
    i++;
    return escaped;
  };
  while (i < end) {
    skipWs();
    if (i < end && bytes[i] === 0x0a) {
      i++;
      continue;
    }
    if (i >= end) break;
    const recordStart = i;
    if (bytes[i] !== 0x7b) fail("each line must be a JSON object", i);
    i++;
    skipWs();
    if (bytes[i] === 0x7d) i++;
    else {
      for (;;) {
        skipWs();
        if (bytes[i] !== 0x22) fail("expected a quoted key", i);
        const keyStart = i + 1;
        const keyEscaped = scanString();
        const keyEnd = i - 1;
        skipWs();
        if (bytes[i] !== 0x3a) fail("expected ':' after a key", i);
        i++;
        skipWs();
        const valueStart = i;
        const b = bytes[i];
        let kind: number;
        if (b === 0x22) {
          kind = VALUE_STRING;
          scanString();
        } else if (b === 0x7b || b === 0x5b) {
          kind = fail("nested objects and arrays are not supported; flatten the field", i);
        } else if (b !== undefined && (b === 0x2d || (b >= 0x30 && b <= 0x39))) {
          kind = VALUE_NUMBER;
          while (i < end && isNumberByte(bytes[i] as number)) i++;
        } else {
          kind = literal(bytes, i);
          if (kind < 0) fail("expected a JSON value", i);
          i += kind === VALUE_FALSE ? 5 : 4;
        }
        sink.field(keyStart, keyEnd, keyEscaped, kind, valueStart, i);
        skipWs();
        if (bytes[i] === 0x2c) {
          i++;
          continue;
        }
        if (bytes[i] === 0x7d) {
          i++;
          break;
        }
        fail("expected ',' or '}'", i);
      }
    }
    skipWs();
    if (i < end && bytes[i] !== 0x0a) fail("unexpected text after the object", i);
    sink.record(recordStart);
    i++;
  }
}

function literal(bytes: Uint8Array, i: number): number {
  const is = (word: string) => [...word].every((ch, k) => bytes[i + k] === ch.charCodeAt(0));
  if (is("true")) return VALUE_TRUE;
  if (is("false")) return VALUE_FALSE;
  if (is("null")) return VALUE_NULL;
  return -1;
}

function isNumberByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b || b === 0x2e || b === 0x65 || b === 0x45;
}
