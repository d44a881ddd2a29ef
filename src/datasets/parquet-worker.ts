import { parentPort } from "node:worker_threads";
import { DatasetError } from "./dataset-error.ts";
import { type ColumnSelection, parseParquet } from "./parquet.ts";

// Worker body for `parseParquetGuarded`: decodes in a thread the caller can stop if the decoder hangs.

if (!parentPort) throw new Error("parquet-worker.ts must run as a worker thread");
const port = parentPort;

port.on("message", async (job: { bytes: Uint8Array; file: string; wanted?: ColumnSelection }) => {
  try {
    const table = await parseParquet(job.bytes, job.file, job.wanted);
    const columns = [...table.columns];
    const transfer = columns.map(([, c]) =>
      c.kind === "number" ? c.values.buffer : c.codes.buffer,
    ) as ArrayBuffer[];
    port.postMessage({ ok: true, rowCount: table.rowCount, columns }, transfer);
  } catch (error) {
    const e = error as Error;
    port.postMessage({
      ok: false,
      dataset: error instanceof DatasetError,
      message: e.message,
      position: (error as DatasetError).position,
    });
  }
});
