import { parentPort } from "node:worker_threads";
import { columnDrift, DriftInputError } from "../drift/column-drift.ts";
import { Workspace } from "../drift/workspace.ts";
import type { DriftJob, DriftJobResult } from "./parallel-drift.ts";

// Worker thread body: runs the pure per-column drift computation on columns sent by the pool.

if (!parentPort) throw new Error("drift-worker.ts must run as a worker thread");
const port = parentPort;
const workspace = new Workspace(); // reused across the columns this thread computes

port.on("message", (job: DriftJob) => {
  let reply: DriftJobResult;
  try {
    reply = {
      index: job.index,
      result: columnDrift(job.name, job.reference, job.current, job.options, workspace),
    };
  } catch (error) {
    const inputError = error instanceof DriftInputError;
    reply = { index: job.index, error: { input: inputError, message: (error as Error).message } };
  }
  port.postMessage(reply);
});
