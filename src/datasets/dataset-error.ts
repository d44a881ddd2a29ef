/** Where in a file a problem is: 1-based line and column (in bytes) and the 0-based byte offset. */
export interface FilePosition {
  line?: number;
  column?: number;
  byteOffset: number;
}

/**
 * A malformed or oversized dataset file: a fault the user can fix, reported with the file and the
 * position instead of a stack trace.
 */
export class DatasetError extends Error {
  override name = "DatasetError";
  readonly file: string;
  /** The message without the file and position prefix. */
  readonly detail: string;
  readonly position: FilePosition | undefined;

  constructor(file: string, detail: string, position?: FilePosition) {
    super(`${file}${DatasetError.where(position)}: ${detail}`);
    this.file = file;
    this.detail = detail;
    this.position = position;
  }

  private static where(position: FilePosition | undefined): string {
    if (!position) return "";
    if (position.line !== undefined) return `:${position.line}:${position.column ?? 1}`;
    return ` (byte ${position.byteOffset})`;
  }
}

/** Line and column of a byte offset, counted on demand (only when an error is raised). */
export function positionOf(bytes: Uint8Array, offset: number): FilePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, byteOffset: offset };
}
