import { parentPort } from "node:worker_threads";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { COMPRESSORS } from "../parquet.ts";

// Worker body for `readCheckpointRows`: decodes the action columns of a Delta checkpoint (or sidecar)
// Parquet file into plain rows, in a thread the caller stops if the decoder hangs. Only the fields a
// reader uses leave the worker: statistics and tags of every file would only cost memory.

if (!parentPort) throw new Error("delta-checkpoint-worker.ts must run as a worker thread");
const port = parentPort;

const ACTIONS = ["protocol", "metaData", "add", "remove", "checkpointMetadata", "sidecar"];
const DROPPED = new Set(["stats", "stats_parsed", "partitionValues_parsed", "tags"]);

function plain(value: unknown, depth: number): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    if (!(depth === 1 && DROPPED.has(k))) out[k] = plain(v, depth + 1);
  return out;
}

port.on("message", async (job: { bytes: Uint8Array; maxRows: number }) => {
  try {
    const buffer = job.bytes.buffer.slice(
      job.bytes.byteOffset,
      job.bytes.byteOffset + job.bytes.byteLength,
    ) as ArrayBuffer;
    const metadata = parquetMetadata(buffer);
    const rows = Number(metadata.num_rows);
    if (!Number.isSafeInteger(rows) || rows > job.maxRows)
      throw new Error(`the checkpoint claims ${metadata.num_rows} rows; the limit is ${job.maxRows}`);
    const top = new Set(metadata.schema.slice(1).map((e) => e.name));
    const columns = ACTIONS.filter((a) => top.has(a));
    const read =
      columns.length === 0
        ? []
        : await parquetReadObjects({ file: buffer, metadata, columns, compressors: COMPRESSORS });
    port.postMessage({ ok: true, rows: read.map((row) => plain(row, 0)) });
  } catch (error) {
    port.postMessage({ ok: false, dataset: false, message: (error as Error).message });
  }
});
