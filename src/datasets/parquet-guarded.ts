import { Worker } from "node:worker_threads";
import type { ColumnValues, Table } from "../drift/columns.ts";
import { DatasetError, type FilePosition } from "./dataset-error.ts";
import { siblingWorker } from "./worker-url.ts";

// Parquet decoding with a time limit. A damaged page header can send a decoder into a loop it never
// leaves; decoding runs in a worker thread that is stopped when the budget runs out, and the user gets
// a DatasetError instead of a command that never returns.

/** Base decoding budget, plus PARQUET_MS_PER_MB for every megabyte of file. */
export const PARQUET_BASE_MS = 10_000;
export const PARQUET_MS_PER_MB = 500;

type Reply =
  | { ok: true; rowCount: number; columns: [string, ColumnValues][] }
  | { ok: false; dataset: boolean; message: string; position?: FilePosition };

export async function parseParquetGuarded(
  bytes: Uint8Array,
  file: string,
  wanted?: readonly string[],
  timeoutMs = PARQUET_BASE_MS + (bytes.length / 1024 ** 2) * PARQUET_MS_PER_MB,
): Promise<Table> {
  const worker = new Worker(siblingWorker("parquet-worker", import.meta.url));
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new DatasetError(
              file,
              `Parquet decoding did not finish within ${Math.round(timeoutMs)} ms; the file looks corrupt`,
            ),
          ),
        timeoutMs,
      );
      worker.once("message", (m: Reply) => {
        clearTimeout(timer);
        resolve(m);
      });
      worker.once("error", (e) => {
        clearTimeout(timer);
        reject(new DatasetError(file, `corrupt Parquet data: ${e.message}`));
      });
      const copy = bytes.slice(); // the caller keeps its bytes; the copy is moved, not cloned
      worker.postMessage({ bytes: copy, file, wanted: wanted ? [...wanted] : undefined }, [copy.buffer]);
    });
    if (!reply.ok) {
      if (reply.dataset)
        throw Object.assign(new DatasetError(file, ""), { message: reply.message, position: reply.position });
      throw new DatasetError(file, `corrupt Parquet data: ${reply.message}`);
    }
    return { rowCount: reply.rowCount, columns: new Map(reply.columns) };
  } finally {
    await worker.terminate();
  }
}
