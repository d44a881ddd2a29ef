import { Worker } from "node:worker_threads";
import { DatasetError, type FilePosition } from "./dataset-error.ts";

// Decoding with a time limit. A damaged page header can send a decoder into a loop it never leaves;
// decoding runs in a worker thread that is stopped when the budget runs out, and the user gets a
// DatasetError instead of a command that never returns. Starting a worker costs about 300 ms (it loads
// the decoder), so a dataset of many files decodes them one after another in one worker, and only a
// stopped or crashed worker is replaced.

/** Base decoding budget, plus PARQUET_MS_PER_MB for every megabyte of file. */
export const PARQUET_BASE_MS = 10_000;
export const PARQUET_MS_PER_MB = 500;

export function decodeBudgetMs(bytes: number): number {
  return PARQUET_BASE_MS + (bytes / 1024 ** 2) * PARQUET_MS_PER_MB;
}

/** What a decoding worker answers: its value, or the error it met (a DatasetError keeps its position). */
export type WorkerReply<T> =
  | ({ ok: true } & T)
  | { ok: false; dataset: boolean; message: string; position?: FilePosition };

/** One decoding worker, used for one job at a time and reused until closed. */
export class DecodeWorker {
  readonly #url: URL;
  #worker: Worker | undefined;

  constructor(url: URL) {
    this.#url = url;
  }

  /**
   * Posts `message` (moving `transfer`) and waits for the reply, at most `timeoutMs`. Failures are
   * DatasetErrors about `file`; `what` names the decoding ("Parquet").
   */
  async run<T>(
    message: unknown,
    transfer: ArrayBuffer[],
    file: string,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    this.#worker ??= new Worker(this.#url);
    const worker = this.#worker;
    const reply = await new Promise<WorkerReply<T>>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
      };
      const onMessage = (m: WorkerReply<T>) => {
        done();
        resolve(m);
      };
      const onError = (e: Error) => {
        done();
        this.#drop(worker);
        reject(new DatasetError(file, `corrupt ${what} data: ${e.message}`));
      };
      const timer = setTimeout(() => {
        done();
        this.#drop(worker);
        reject(
          new DatasetError(
            file,
            `${what} decoding did not finish within ${Math.round(timeoutMs)} ms; the file looks corrupt`,
          ),
        );
      }, timeoutMs);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.postMessage(message, transfer);
    });
    if (!reply.ok) {
      if (reply.dataset)
        throw Object.assign(new DatasetError(file, ""), { message: reply.message, position: reply.position });
      throw new DatasetError(file, `corrupt ${what} data: ${reply.message}`);
    }
    return reply;
  }

  #drop(worker: Worker): void {
    if (this.#worker === worker) this.#worker = undefined;
    void worker.terminate();
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }
}

/** One job in a worker of its own, closed afterwards. */
export async function decodeInWorker<T>(
  url: URL,
  message: unknown,
  transfer: ArrayBuffer[],
  file: string,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const worker = new DecodeWorker(url);
  try {
    return await worker.run<T>(message, transfer, file, timeoutMs, what);
  } finally {
    await worker.close();
  }
}
