import { DatasetError } from "../dataset-error.ts";
import { DecodeWorker, decodeBudgetMs } from "../guarded-worker.ts";
import { siblingWorker } from "../worker-url.ts";

/** Most rows (actions) one checkpoint or sidecar file may hold. */
export const MAX_CHECKPOINT_ROWS = 10_000_000;

/** A worker for decoding checkpoint parts and sidecars in turn; close it when done. */
export function checkpointDecoder(): DecodeWorker {
  return new DecodeWorker(siblingWorker("delta-checkpoint-worker", import.meta.url));
}

/** The rows of a Parquet checkpoint or sidecar file, decoded in `decoder` with a time limit. */
export async function readCheckpointRows(
  bytes: Uint8Array,
  file: string,
  decoder: DecodeWorker,
): Promise<unknown[]> {
  const hasMagic = (at: number) => [0x50, 0x41, 0x52, 0x31].every((b, k) => bytes[at + k] === b);
  if (bytes.length < 12 || !hasMagic(0) || !hasMagic(bytes.length - 4))
    throw new DatasetError(file, "not a Parquet file (no PAR1 header and footer)", { byteOffset: 0 });
  const copy = bytes.slice();
  const reply = await decoder.run<{ rows: unknown[] }>(
    { bytes: copy, maxRows: MAX_CHECKPOINT_ROWS },
    [copy.buffer],
    file,
    decodeBudgetMs(bytes.length),
    "Parquet checkpoint",
  );
  return reply.rows;
}
