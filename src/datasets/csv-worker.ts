import { parentPort } from "node:worker_threads";
import { type CsvChunkJob, runCsvChunkJob } from "./csv-chunk-job.ts";

// Worker thread body: runs one pass of the CSV reader over one chunk of a file shared with the caller.

if (!parentPort) throw new Error("csv-worker.ts must run as a worker thread");
const port = parentPort;
port.on("message", (job: CsvChunkJob) => port.postMessage(runCsvChunkJob(job)));
