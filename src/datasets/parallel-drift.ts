import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type ColumnDriftResult, DriftInputError } from "../drift/column-drift.ts";
import type { ColumnValues, Table } from "../drift/columns.ts";
import {
  type ColumnOverride,
  columnsToCheck,
  DEFAULT_DRIFT_SHARE,
  type DriftOptions,
  type DriftReport,
  datasetDrift,
  optionsFor,
  summariseDataset,
} from "../drift/dataset-drift.ts";

// Runs the pure drift core over worker threads, one column at a time per worker, largest columns
// first. Column buffers are transferred, not copied, so the caller's tables are consumed.

/** Below this many values in total, threads cost more than they save. */
export const PARALLEL_MIN_VALUES = 500_000;

export interface DriftJob {
  index: number;
  name: string;
  reference: ColumnValues;
  current: ColumnValues;
  options: ColumnOverride;
}

export type DriftJobResult =
  | { index: number; result: ColumnDriftResult }
  | { index: number; error: { input: boolean; message: string } };

export interface ParallelOptions {
  /** Worker threads to use; default: the machine's available parallelism. 1 computes in this thread. */
  threads?: number;
}

function size(c: ColumnValues): number {
  return c.kind === "number" ? c.values.length : c.codes.length;
}

function buffers(c: ColumnValues, into: Set<ArrayBuffer>): void {
  const view = c.kind === "number" ? c.values : c.codes;
  // Only whole, non-shared buffers can be transferred; anything else is copied by structured clone.
  if (
    view.buffer instanceof ArrayBuffer &&
    view.byteOffset === 0 &&
    view.byteLength === view.buffer.byteLength
  ) {
    into.add(view.buffer);
  }
}

/** Computes a drift report; columns are spread over worker threads when the data is large. */
export async function computeDrift(
  reference: Table,
  current: Table,
  options: DriftOptions,
  parallel: ParallelOptions = {},
): Promise<DriftReport> {
  const names = columnsToCheck(reference, current, options.columns);
  const jobs: DriftJob[] = names.map((name, index) => ({
    index,
    name,
    reference: reference.columns.get(name) as ColumnValues,
    current: current.columns.get(name) as ColumnValues,
    options: optionsFor(name, options),
  }));
  const total = jobs.reduce((sum, j) => sum + size(j.reference) + size(j.current), 0);
  const threads = Math.min(parallel.threads ?? availableParallelism(), jobs.length);
  if (threads <= 1 || total < PARALLEL_MIN_VALUES) return datasetDrift(reference, current, options);

  jobs.sort((a, b) => size(b.reference) + size(b.current) - (size(a.reference) + size(a.current)));
  const results: ColumnDriftResult[] = new Array(jobs.length);
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL("./drift-worker.ts", import.meta.url)),
  );
  try {
    let next = 0;
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const job = jobs[next++];
              if (!job) {
                resolve();
                return;
              }
              const transfer = new Set<ArrayBuffer>();
              buffers(job.reference, transfer);
              buffers(job.current, transfer);
              worker.postMessage(job, [...transfer]);
            };
            worker.on("message", (reply: DriftJobResult) => {
              if ("error" in reply) {
                const { input, message } = reply.error;
                reject(input ? new DriftInputError(message) : new Error(message));
                return;
              }
              results[reply.index] = reply.result;
              send();
            });
            worker.on("error", reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { dataset: summariseDataset(results, options.driftShare ?? DEFAULT_DRIFT_SHARE), columns: results };
}
