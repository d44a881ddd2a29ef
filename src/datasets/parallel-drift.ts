import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type ColumnDriftResult, columnDrift, DriftInputError } from "../drift/column-drift.ts";
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
import { Workspace } from "../drift/workspace.ts";
import { siblingWorker } from "./worker-url.ts";

// Runs the pure drift core over threads: the calling thread and worker threads take columns from one
// queue, largest first. Column buffers sent to a worker are transferred, not copied, so the caller's
// tables are consumed.

/** Below this many values in total, threads cost more than they save. */
export const PARALLEL_MIN_VALUES = 500_000;
/** Jobs queued at once on each worker. */
const WORKER_QUEUE_DEPTH = 2;

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
  // The calling thread computes columns too, so `threads` counts it: threads − 1 workers. Each worker
  // holds up to WORKER_QUEUE_DEPTH jobs so it never waits while this thread is busy with a column.
  const workers = Array.from(
    { length: threads - 1 },
    () => new Worker(siblingWorker("drift-worker", import.meta.url)),
  );
  let next = 0;
  let failure: unknown;
  const finished = workers.map(
    (worker) =>
      new Promise<void>((resolve) => {
        let outstanding = 0;
        const send = () => {
          while (outstanding < WORKER_QUEUE_DEPTH && failure === undefined) {
            const job = jobs[next++];
            if (!job) break;
            const transfer = new Set<ArrayBuffer>();
            buffers(job.reference, transfer);
            buffers(job.current, transfer);
            worker.postMessage(job, [...transfer]);
            outstanding++;
          }
          if (outstanding === 0) resolve();
        };
        worker.on("message", (reply: DriftJobResult) => {
          outstanding--;
          if ("error" in reply) {
            const { input, message } = reply.error;
            failure ??= input ? new DriftInputError(message) : new Error(message);
          } else results[reply.index] = reply.result;
          send();
        });
        worker.on("error", (error) => {
          failure ??= error;
          resolve();
        });
        send();
      }),
  );
  try {
    const workspace = new Workspace();
    for (let job = jobs[next++]; job && failure === undefined; job = jobs[next++]) {
      results[job.index] = columnDrift(job.name, job.reference, job.current, job.options, workspace);
      await new Promise<void>((resolve) => setImmediate(resolve)); // let replies dispatch more work
    }
    await Promise.all(finished);
  } catch (error) {
    failure ??= error;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failure !== undefined) throw failure;
  return { dataset: summariseDataset(results, options.driftShare ?? DEFAULT_DRIFT_SHARE), columns: results };
}
