import { open, readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import type { Table } from "../drift/columns.ts";
import { parseCsvParallel } from "./csv-parallel.ts";
import { DatasetError } from "./dataset-error.ts";
import { parseJsonl } from "./jsonl.ts";
import { MAX_DATASET_BYTES } from "./limits.ts";
import { parseParquetGuarded } from "./parquet-guarded.ts";

// Reads a local dataset file into the columnar model; the format comes from the extension.

export type DatasetFormat = "csv" | "jsonl" | "parquet";

const FORMATS: Readonly<Record<string, DatasetFormat>> = {
  ".csv": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".parquet": "parquet",
  ".pq": "parquet",
};

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "is a directory",
};

export function formatOf(path: string): DatasetFormat {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) {
    throw new DatasetError(path, `unknown dataset format; use one of ${Object.keys(FORMATS).join(", ")}`);
  }
  return format;
}

/** Parses bytes already in memory. */
export async function parseDataset(
  bytes: Uint8Array,
  file: string,
  columns?: readonly string[],
): Promise<Table> {
  const format = formatOf(file);
  if (format === "csv") return parseCsvParallel(bytes, file);
  if (format === "jsonl") return parseJsonl(bytes, file);
  return parseParquetGuarded(bytes, file, columns);
}

export interface ReadOptions {
  /** Columns to read where the format allows reading fewer (Parquet). */
  columns?: readonly string[];
  /** How the file is named in error messages (default: the path). */
  label?: string;
}

/** Reads and parses a file, refusing files above MAX_DATASET_BYTES before reading them. */
export async function readDataset(path: string, options: ReadOptions = {}): Promise<Table> {
  const label = options.label ?? path;
  formatOf(label);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new DatasetError(label, `cannot read: ${READ_ERRORS[code] ?? (error as Error).message}`);
  }
  if (size > MAX_DATASET_BYTES) {
    throw new DatasetError(label, `file is ${size} bytes; the limit is ${MAX_DATASET_BYTES} bytes`);
  }
  // A CSV file is read straight into memory its reader's threads share (csv-parallel.ts), not copied.
  const bytes =
    formatOf(label) === "csv" ? await readShared(path, size) : new Uint8Array(await readFile(path));
  return parseDataset(bytes, label, options.columns);
}

/** The file's first `size` bytes (what stat saw: a file growing meanwhile is read as it was) in shared memory. */
async function readShared(path: string, size: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(new SharedArrayBuffer(size));
  const handle = await open(path, "r");
  try {
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}
