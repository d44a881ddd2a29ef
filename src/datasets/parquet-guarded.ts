import type { ColumnValues, Table } from "../drift/columns.ts";
import { DecodeWorker, decodeBudgetMs } from "./guarded-worker.ts";
import type { ColumnSelection } from "./parquet.ts";
import { siblingWorker } from "./worker-url.ts";

// Parquet decoding with a time limit (guarded-worker.ts): a decoder stuck on a damaged page is
// stopped, and the user gets a DatasetError instead of a command that never returns.

export { PARQUET_BASE_MS, PARQUET_MS_PER_MB } from "./guarded-worker.ts";

/** A worker for decoding many Parquet files in turn; close it when done. */
export function parquetDecoder(): DecodeWorker {
  return new DecodeWorker(siblingWorker("parquet-worker", import.meta.url));
}

/** Decodes one file, in `decoder` when given (else in a worker of its own). */
export async function parseParquetGuarded(
  bytes: Uint8Array,
  file: string,
  wanted?: ColumnSelection,
  timeoutMs = decodeBudgetMs(bytes.length),
  decoder?: DecodeWorker,
): Promise<Table> {
  const own = decoder ? undefined : parquetDecoder();
  const copy = bytes.slice(); // the caller keeps its bytes; the copy is moved, not cloned
  try {
    const reply = await (decoder ?? (own as DecodeWorker)).run<{
      rowCount: number;
      columns: [string, ColumnValues][];
    }>({ bytes: copy, file, wanted }, [copy.buffer], file, timeoutMs, "Parquet");
    return { rowCount: reply.rowCount, columns: new Map(reply.columns) };
  } finally {
    await own?.close();
  }
}
