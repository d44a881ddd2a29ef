import { type ChunkProfile, type ColumnTarget, fillCsvChunk, profileCsvChunk } from "./csv-chunk.ts";

// One pass of the CSV reader over one chunk, as a message: what a worker thread receives and answers.

export type CsvChunkJob = {
  bytes: SharedArrayBuffer;
  start: number;
  end: number;
  names: string[];
  file: string;
} & ({ pass: "profile" } | { pass: "fill"; targets: ColumnTarget[]; firstRow: number });

export type CsvChunkReply =
  | { profile: ChunkProfile }
  | { dictionaries: (string[] | null)[] }
  | { error: string };

/** Runs a job; a problem in the chunk's data is a reply, not an exception. */
export function runCsvChunkJob(job: CsvChunkJob): CsvChunkReply {
  try {
    const bytes = new Uint8Array(job.bytes);
    if (job.pass === "profile")
      return { profile: profileCsvChunk(bytes, job.start, job.end, job.names.length, job.file) };
    return {
      dictionaries: fillCsvChunk(bytes, job.start, job.end, job.targets, job.firstRow, job.names, job.file),
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Runs chunk jobs somewhere: worker threads in production (csv-worker.ts). */
export interface CsvChunkRunner {
  /** Runs `job` on the runner's `slot`-th thread (one job at a time per slot). */
  run(slot: number, job: CsvChunkJob): Promise<CsvChunkReply>;
  close(): Promise<void>;
}
