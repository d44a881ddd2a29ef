import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { connectBoundDatasets, type DatasetAccess } from "../datasets/s3/dataset-access.ts";
import { isDatasetFault } from "../datasets/s3/dataset-source.ts";
import type { MonitorReport } from "../drift/monitor-report/monitor-report.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { Manifest } from "../manifests/snapshot.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { readDirectory } from "../repo/read-directory.ts";
import { monitorReportHtml } from "../report/drift-html.ts";
import { monitorReportJson } from "../report/drift-json.ts";
import { monitorReportText } from "../report/drift-text.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import { driftCommentSection } from "../workflows/drift/drift-markdown.ts";
import { type MonitorRun, runMonitor } from "../workflows/drift/run-monitor.ts";
import { type WrittenReports, writeMonitorReports } from "../workflows/monitors/write-monitor-reports.ts";
import { forStdout } from "./colour.ts";
import { MONITOR_OPTIONS } from "./drift-monitor-options.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { diagnosticLine, loadServerBinding } from "./load-binding.ts";
import { localMachineDatasets } from "./monitor-datasets.ts";
import { readMonitorFile } from "./monitor-file.ts";
import { cliReferenceLineage, lineageNote } from "./monitor-lineage.ts";
import { cliRepositories } from "./monitor-repositories.ts";
import { parseNow } from "./now-option.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { terminalProgressBar } from "./progress-bar.ts";
import { reportStoreFromEnv } from "./report-store-from-env.ts";

export const MONITOR_USAGE = `usage: slipway drift --monitor NAME [DIR] [--format text|json|markdown|html] [--out FILE]
                    [--now ISO-TIME] [--server-config FILE [--repo OWNER/NAME]] [--report-to S3-PREFIX]
       slipway drift --monitor-file FILE [--report-to S3-PREFIX] [--format …] [--out FILE] [--now ISO-TIME]
                    [--exit-zero-on-findings]

Runs one Monitor of the platform repository in DIR (default: .): its reference data against the
latest current window, with the Monitor's columns, tests, thresholds, quality and classification.
  --monitor NAME        the Monitor to run
  --format FORMAT       text (default), json (docs/drift-json.md, "Monitor report"), markdown (the
                        pull request's drift section) or html (one self-contained page)
  --out FILE            write the report to FILE and print a one-line summary
  --now ISO-TIME        run as at this time, e.g. 2026-11-25T06:00:00Z: the window is the whole
                        partitions before it (default: the current time)
  --server-config FILE  read data as the server would: only the bound s3 integrations, only below
  --repo OWNER/NAME     their allowed prefixes, never local paths
  --monitor-file FILE   run the Monitor defined in FILE (its manifest as JSON or YAML, as a monitor
                        Job mounts it); local locations are relative to FILE's directory
  --report-to PREFIX    also write the report to S3 below PREFIX (s3://bucket/path/): <UTC run
                        time>.json and .html, then latest.json (docs/drift-json.md, "Monitor run
                        record"), with SLIPWAY_REPORT_AWS_* credentials if set, else the AWS chain;
                        SLIPWAY_ENVIRONMENT names the environment in the record
  --tracking-uri URI    MLflow (default $MLFLOW_TRACKING_URI): say whether a Delta or DVC reference is
                        the version the Model's registered version was trained on
  --exit-zero-on-findings  exit 0 once the run is reported, whatever it found (a monitor Job: its
                        findings reach Slipway through the report, and a failed Job means the run
                        itself failed — Kubernetes would otherwise retry it and alert on it)
Without a server configuration, s3:// locations are read with the standard AWS credentials chain
(AWS_ENDPOINT_URL_S3 for MinIO, Ceph or s3rver) and other locations as paths relative to DIR.
A DVC-tracked dataset (dvc: path, rev) is resolved in DIR's working tree, or at rev in its git
history (a mirror kept under $SLIPWAY_STATE_DIR, else the temporary directory).
Exit status: 0 pass, 1 dataset drift, an error finding or a location that cannot be read as written,
2 usage, I/O or store error.
`;

const FORMATS = ["text", "json", "markdown", "html"] as const;
type Format = (typeof FORMATS)[number];

export async function runDriftMonitor(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (values.help) {
    io.stdout(MONITOR_USAGE);
    return EXIT_OK;
  }
  const format = (values.format ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const file = values["monitor-file"];
  const name = values.monitor;
  if (
    file !== undefined &&
    (name !== undefined || positionals.length > 0 || values["server-config"] !== undefined)
  )
    throw new UsageError(
      `--monitor-file takes no --monitor, directory or --server-config\n\n${MONITOR_USAGE}`,
    );
  if (!name && file === undefined) throw new UsageError(`--monitor needs a Monitor name\n\n${MONITOR_USAGE}`);
  if (positionals.length > 1) throw new UsageError(`expected at most one directory\n\n${MONITOR_USAGE}`);
  if (values.repo !== undefined && values["server-config"] === undefined)
    throw new UsageError("--repo needs --server-config");
  const reportTo = values["report-to"];
  if (reportTo !== undefined && !REPORT_PREFIX.test(reportTo))
    throw new UsageError(`--report-to takes an S3 prefix such as s3://bucket/reports/ (ending with '/')`);
  const now = values.now === undefined ? new Date() : parseNow(values.now);
  const dir = resolve(io.cwd, file === undefined ? (positionals[0] ?? ".") : dirname(resolve(io.cwd, file)));
  let binding: ServerBinding | null = null;
  if (values["server-config"] !== undefined) {
    const loaded = await loadServerBinding(
      resolve(io.cwd, values["server-config"]),
      values.repo,
      "drift",
      io,
    );
    if (loaded === "failed") return EXIT_USAGE;
    binding = loaded;
  }
  const monitor =
    file === undefined ? await findMonitor(dir, name ?? "", binding, io) : await fromFile(file, io);
  if (typeof monitor === "number") return monitor;
  const opened: DatasetAccess[] = [];
  const local = binding === null ? localMachineDatasets(dir, io.env) : null;
  const access = async (integration: string) => {
    const found =
      local ?? (await connectBoundDatasets(binding, integration, io.env, nodeSecretReader(io.env)));
    opened.push(found);
    return found;
  };
  const stderr = process.stderr;
  const progress = terminalProgressBar({ isTTY: stderr.isTTY, columns: stderr.columns, write: io.stderr });
  const repositories = cliRepositories(dir, binding, io.env);
  let run: MonitorRun;
  try {
    run = await runMonitor(monitor, { now, access, progress, repository: repositories.repository });
  } finally {
    for (const a of new Set(opened)) if ("close" in a) a.close();
    await repositories.close();
  }
  if (run.kind === "unavailable") {
    io.stderr(`slipway drift: monitor ${monitor.name}: ${run.reason}\n`);
    return EXIT_USAGE;
  }
  if (run.kind === "not-read") {
    for (const f of run.findings)
      io.stderr(`${f.file}:${f.line}:${f.column} error ${f.code} ${f.side}.${f.field}: ${f.message}\n`);
    io.stderr(`slipway drift: monitor ${monitor.name} was not run: its data cannot be read as written\n`);
    return EXIT_FINDINGS;
  }
  if (file === undefined) {
    const lineage = await cliReferenceLineage(
      run,
      dir,
      values["tracking-uri"] ?? io.env.MLFLOW_TRACKING_URI,
      io.env,
    );
    if (lineage) run = { ...run, lineage };
  }
  const notes = [
    ...(run.window.length > 0 ? [windowNote(run.window)] : []),
    ...(run.lineage ? [lineageNote(run.lineage)] : []),
  ];
  const text = render(run, format, notes);
  if (reportTo !== undefined) {
    const at = { monitor: monitor.name, environment: io.env.SLIPWAY_ENVIRONMENT || null, runAt: now };
    const written = await uploadReports(reportTo, run.report, at, io);
    if (written === null) return EXIT_USAGE;
    io.stdout(
      `${monitorReportText(run.report).split("\n")[0]}\nreport written to ${written.json}, ${written.html} and ${written.latest}\n`,
    );
  }
  if (values.out !== undefined) {
    const out = resolve(io.cwd, values.out);
    await writeFile(out, text).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot write ${values.out}: ${error.code ?? error.message}`);
    });
    io.stdout(`${monitorReportText(run.report).split("\n")[0]}\nreport written to ${values.out}\n`);
  } else if (reportTo === undefined) io.stdout(format === "text" ? forStdout(text, io) : text);
  const { status } = run.report;
  if (values["exit-zero-on-findings"]) return EXIT_OK;
  return status.verdict === "fail" || status.drift ? EXIT_FINDINGS : EXIT_OK;
}

/** s3://bucket/ or s3://bucket/path/, as the server configuration's `reports.prefix`. */
const REPORT_PREFIX = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/([^\s]*\/)?$/;

async function uploadReports(
  prefix: string,
  report: MonitorReport,
  at: { monitor: string; environment: string | null; runAt: Date },
  io: CliIo,
): Promise<WrittenReports | null> {
  let opened: Awaited<ReturnType<typeof reportStoreFromEnv>> | undefined;
  try {
    opened = await reportStoreFromEnv(io.env);
    return await writeMonitorReports(opened.store, prefix, report, at);
  } catch (error) {
    // Store faults name the URI and the store's error code, never a credential (s3-fault.ts).
    const why = isDatasetFault(error) ? error.message : "the S3 client could not be set up";
    io.stderr(`slipway drift: monitor ${at.monitor}: the report was not written: ${why}\n`);
    return null;
  } finally {
    opened?.close();
  }
}

async function fromFile(file: string, io: CliIo): Promise<Manifest<"Monitor"> | number> {
  const read = await readMonitorFile(resolve(io.cwd, file), file);
  if ("monitor" in read) return read.monitor;
  io.stderr(`slipway drift: ${read.problem}\n`);
  return EXIT_FINDINGS;
}

function render(run: Extract<MonitorRun, { kind: "report" }>, format: Format, notes: string[]): string {
  if (format === "json") return monitorReportJson(run.report);
  if (format === "html") return monitorReportHtml(run.report);
  if (format === "markdown") return `${driftCommentSection([run]).body}\n`;
  return monitorReportText(run.report, notes);
}

function windowNote(window: readonly string[]): string {
  const span = window.length === 1 ? window[0] : `${window[0]} … ${window[window.length - 1]}`;
  return `window: ${span} (${window.length} ${window.length === 1 ? "partition" : "partitions"})`;
}

/** The Monitor as validated; a repository with other errors still runs it, with a note. */
async function findMonitor(
  dir: string,
  name: string,
  binding: ServerBinding | null,
  io: CliIo,
): Promise<Manifest<"Monitor"> | number> {
  const tree = await readDirectory(dir).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${dir}: ${error.code === "ENOENT" ? "no such directory" : error.message}`);
  });
  const result = validateRepo(tree, { binding });
  const monitor = result.snapshot.manifests.Monitor.get(name);
  const own = result.diagnostics.filter((d) => d.severity === "error" && d.file === monitor?.file);
  if (!monitor || own.length > 0) {
    if (monitor || result.snapshot.declared.Monitor.has(name)) {
      io.stderr(`slipway drift: Monitor ${name} does not validate\n${own.map(diagnosticLine).join("\n")}\n`);
      return EXIT_FINDINGS;
    }
    const known = [...result.snapshot.manifests.Monitor.keys()].sort();
    io.stderr(
      `slipway drift: no Monitor named '${name}' in ${dir}${known.length > 0 ? ` (monitors: ${known.join(", ")})` : ""}\n`,
    );
    return EXIT_USAGE;
  }
  if (!result.ok)
    io.stderr(
      `slipway drift: note: the repository has ${result.summary.errors} validation errors elsewhere; run 'slipway validate' for the details\n`,
    );
  return monitor;
}

function parseOptions(args: string[]) {
  return parseCommandArgs(args, MONITOR_USAGE, MONITOR_OPTIONS);
}
