import type { Diagnostic } from "./diagnostic.ts";
import type { Limits } from "./limits.ts";

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
    const offset = firstInvalidUtf8(bytes);
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

/** Offset of the first byte that starts an invalid UTF-8 sequence (RFC 3629: no overlongs or surrogates). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i; // truncated sequence at the end of the file
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
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
