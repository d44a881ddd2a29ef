import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Table } from "../drift/columns.ts";
import { columnKinds, parseCsv, parseCsvHeader, tableColumns } from "./csv.ts";
import { type ChunkProfile, type ColumnTarget, fillCsvChunk, profileCsvChunk } from "./csv-chunk.ts";
import type { CsvChunkJob, CsvChunkRunner } from "./csv-chunk-job.ts";
import { splitRecords } from "./csv-split.ts";
import { DatasetError } from "./dataset-error.ts";
import { MAX_DISTINCT_STRINGS } from "./limits.ts";
import { siblingWorker } from "./worker-url.ts";

// The CSV reader over several threads (issue #20): the records are cut into one chunk per thread
// (csv-split.ts), and each pass of csv-chunk.ts runs on every chunk at once — this thread takes the
// first, worker threads the others, as the drift pool does. The file is shared, not copied per thread,
// and the numbers are written straight into columns the threads share. Per-chunk dictionaries are
// merged in chunk order, which is the order of first appearance: the table is the one parseCsv builds.

/** Below this many bytes, starting threads costs more than it saves. */
export const PARALLEL_MIN_CSV_BYTES = 4 * 1024 * 1024;

export interface CsvParallelOptions {
  /** Threads to use, this one included; default: the machine's available parallelism. */
  threads?: number;
  /** Smaller files are read on this thread alone (default PARALLEL_MIN_CSV_BYTES). */
  minBytes?: number;
  /** Where the chunks after the first run (default: worker threads, csv-worker.ts). */
  runner?: (slots: number) => CsvChunkRunner;
}

/** Worker threads, one per slot, ended when the read is done. */
export function workerRunner(slots: number): CsvChunkRunner {
  const workers = Array.from(
    { length: slots },
    () => new Worker(siblingWorker("csv-worker", import.meta.url)),
  );
  return {
    run: (slot, job) =>
      new Promise((resolve, reject) => {
        const worker = workers[slot] as Worker;
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.postMessage(job);
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

export async function parseCsvParallel(
  input: Uint8Array,
  file: string,
  options: CsvParallelOptions = {},
): Promise<Table> {
  const threads = options.threads ?? availableParallelism();
  if (threads <= 1 || input.length < (options.minBytes ?? PARALLEL_MIN_CSV_BYTES))
    return parseCsv(input, file);
  const { names, bodyStart } = parseCsvHeader(input, file);
  const bytes = sharedBytes(input);
  const shared = bytes.buffer as SharedArrayBuffer;
  const chunks = splitRecords(bytes, bodyStart, bytes.length, threads);
  if (chunks.length <= 1) return parseCsv(input, file);
  const runner = (options.runner ?? workerRunner)(chunks.length - 1);
  try {
    /** One pass over every chunk: null when any chunk holds a problem (the caller then says which). */
    const run = async <T>(
      job: (start: number, end: number, index: number) => CsvChunkJob,
      here: (start: number, end: number) => T,
    ): Promise<T[] | null> => {
      const replies = chunks.slice(1).map(([start, end], i) => runner.run(i, job(start, end, i + 1)));
      const [start, end] = chunks[0] as [number, number];
      let first: T | null = null;
      try {
        first = here(start, end);
      } catch (error) {
        if (!(error instanceof DatasetError)) throw error;
      }
      const rest = await Promise.all(replies);
      if (first === null || rest.some((r) => "error" in r)) return null;
      return [
        first,
        ...rest.map((r) => ("profile" in r ? r.profile : "dictionaries" in r ? r.dictionaries : null) as T),
      ];
    };
    const base = { bytes: shared, names, file };
    const profiles = await run<ChunkProfile>(
      (start, end) => ({ ...base, pass: "profile", start, end }),
      (start, end) => profileCsvChunk(bytes, start, end, names.length, file),
    );
    // A malformed file: the one-thread reader finds the first problem in file order, and says it.
    if (!profiles) return parseCsv(input, file);
    const rows = profiles.reduce((n, p) => n + p.rows, 0);
    const kinds = columnKinds(profiles, names.length, rows);
    const targets: ColumnTarget[] = kinds.map((k) =>
      k.numeric
        ? { numbers: new Float64Array(new SharedArrayBuffer(rows * 8)).fill(Number.NaN) }
        : { codes: new Int32Array(new SharedArrayBuffer(rows * 4)).fill(-1) },
    );
    const firstRows = profiles.map((_, i) => profiles.slice(0, i).reduce((n, p) => n + p.rows, 0));
    const filled = await run<(string[] | null)[]>(
      (start, end, i) => ({ ...base, pass: "fill", start, end, targets, firstRow: firstRows[i] as number }),
      (start, end) => fillCsvChunk(bytes, start, end, targets, 0, names, file),
    );
    if (!filled) return parseCsv(input, file);
    const dictionaries = mergeDictionaries(filled, targets, profiles, firstRows, names, file);
    return { rowCount: rows, columns: tableColumns(names, kinds, targets, dictionaries) };
  } finally {
    await runner.close();
  }
}

/** The bytes in memory the threads share: as given when they already are (readDataset), else a copy. */
function sharedBytes(input: Uint8Array): Uint8Array {
  if (
    input.buffer instanceof SharedArrayBuffer &&
    input.byteOffset === 0 &&
    input.byteLength === input.buffer.byteLength
  )
    return input;
  const bytes = new Uint8Array(new SharedArrayBuffer(input.length));
  bytes.set(input);
  return bytes;
}

/**
 * One dictionary per text column from the chunks' own, in chunk order (so in order of first
 * appearance), each chunk's codes rewritten to it in place.
 */
function mergeDictionaries(
  filled: readonly (string[] | null)[][],
  targets: readonly ColumnTarget[],
  profiles: readonly ChunkProfile[],
  firstRows: readonly number[],
  names: readonly string[],
  file: string,
): (string[] | null)[] {
  return targets.map((target, c) => {
    if (!("codes" in target)) return null;
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    filled.forEach((chunk, i) => {
      const local = chunk[c] ?? [];
      const remap = new Int32Array(local.length);
      local.forEach((value, code) => {
        let global = index.get(value);
        if (global === undefined) {
          global = dictionary.length;
          dictionary.push(value);
          index.set(value, global);
        }
        remap[code] = global;
      });
      if (dictionary.length > MAX_DISTINCT_STRINGS)
        throw new DatasetError(file, `column '${names[c]}' has too many distinct values`);
      if (i === 0) return; // the first chunk's codes are already the merged ones
      const from = firstRows[i] as number;
      const to = from + (profiles[i] as ChunkProfile).rows;
      for (let r = from; r < to; r++) {
        const code = target.codes[r] as number;
        if (code >= 0) target.codes[r] = remap[code] as number;
      }
    });
    return dictionary;
  });
}
