import type { Diagnostic } from "./diagnostic.ts";
import type { Limits } from "./limits.ts";
import { invalidUtf8Offset } from "./utf8-offset.ts";

const BINARY_SNIFF_BYTES = 8000;
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export type DecodeResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/** Turns a file's bytes into text, refusing binaries, invalid UTF-8 and oversized files with a location. */
export function decodeFile(file: string, bytes: Uint8Array, limits: Limits): DecodeResult {
  if (bytes.length > limits.maxFileBytes) {
    return fail(
      file,
      1,
      1,
      "SLW001",
      `file is ${bytes.length} bytes; the limit is ${limits.maxFileBytes} bytes`,
    );
  }
  const sniff = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < sniff; i++) {
    if (bytes[i] === 0)
      return fail(file, 1, 1, "SLW002", "file contains NUL bytes; it looks binary, not YAML");
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    // The decoder refused the bytes, so an invalid sequence exists; fall back to the start defensively.
    const offset = Math.max(0, invalidUtf8Offset(bytes));
    const { line, column } = positionOfByte(bytes, offset);
    return fail(
      file,
      line,
      column,
      "SLW003",
      `invalid UTF-8 byte 0x${hex(bytes[offset] ?? 0)} at byte ${offset}`,
    );
  }
}

function fail(
  file: string,
  line: number,
  column: number,
  code: "SLW001" | "SLW002" | "SLW003",
  message: string,
) {
  const diagnostic: Diagnostic = {
    file,
    line,
    column,
    endLine: line,
    endColumn: column + 1,
    severity: "error",
    code,
    message,
  };
  return { ok: false as const, diagnostic };
}

function hex(n: number): string {
  return n.toString(16).padStart(2, "0").toUpperCase();
}

/** 1-based line and column (in characters, counting each valid UTF-8 sequence once) of a byte offset. */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i] as number;
    if (b === 0x0a) {
      line++;
      column = 1;
    } else if ((b & 0xc0) !== 0x80) {
      column++;
    }
  }
  return { line, column };
}
