import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { DatasetError } from "../datasets/dataset-error.ts";
import { computeDrift } from "../datasets/parallel-drift.ts";
import { readDataset } from "../datasets/read-dataset.ts";
import { DriftInputError } from "../drift/column-drift.ts";
import { type ColumnOverride, DEFAULT_DRIFT_SHARE, type DriftOptions } from "../drift/dataset-drift.ts";
import { driftReportJson } from "../drift/report-json.ts";
import { driftReportText } from "../drift/report-text.ts";
import { isStatTestName, STAT_TEST_NAMES } from "../drift/stat-tests.ts";
import { monitorReportText } from "../report/drift-text.ts";
import type { CliCommand } from "./cli-command.ts";
import { forStdout } from "./colour.ts";
import { classificationOf, filesReport, type ReportFormat, renderReport } from "./drift-files-report.ts";
import { MONITOR_OPTIONS } from "./drift-monitor-options.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { parseNow } from "./now-option.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { slowProgress } from "./slow-progress.ts";

const USAGE = `usage: slipway drift --reference PATH --current PATH [--columns a,b] [--categorical c,d]
                    [--method auto|${STAT_TEST_NAMES.join("|")}] [--threshold X] [--drift-share X]
                    [--target COL --prediction COL [--score COL] [--positive-label VALUE]]
                    [--format text|json|markdown|html] [--out FILE] [--now ISO-TIME]
       slipway drift --monitor NAME [DIR] [--format text|json|markdown|html] [--out FILE] [--now ISO-TIME]
                    [--server-config FILE [--repo OWNER/NAME]]   (slipway drift --monitor --help)
       slipway drift --monitor-file FILE [--report-to S3-PREFIX] [--now ISO-TIME]

Compares a current dataset with a reference dataset column by column (Evidently's default tests) and
reports dataset drift when the share of drifted columns reaches --drift-share (default ${DEFAULT_DRIFT_SHARE}).
Files: .csv (with a header row), .jsonl/.ndjson (one flat object per line), .parquet.
  --columns a,b      columns to check (default: every column present in both files)
  --categorical c,d  treat these columns as categorical whatever their values
  --method NAME      use this test for every column it applies to (default: auto)
  --threshold X      use this threshold instead of each test's default
  --target COL       classification quality too: the label column, the predicted label column,
  --prediction COL   the positive label's probability (ROC AUC, log loss, curves) and the positive
  --score COL        label (default 1; a number, true/false or text), each metric tested against the
  --positive-label V reference's (within ±20%, Evidently's default)
  --format FORMAT    text (default), json (docs/drift-json.md), markdown or html (one self-contained
                     page). Without classification flags text and json are the drift document; with
                     them, and for markdown and html, the monitor report (schema, quality, drift,
                     classification; docs/drift-json.md, "Monitor report")
  --out FILE         write the output to FILE and print a one-line summary
  --now ISO-TIME     the time the monitor report gives as its run time (default: now)
Exit status: 0 no dataset drift, 1 dataset drift (and, for a monitor report, an error finding such as a
failed classification test), 2 usage, input or I/O error.
`;

const FORMATS = ["text", "json", "markdown", "html"] as const;

const OPTIONS = {
  reference: { type: "string" },
  current: { type: "string" },
  columns: { type: "string" },
  categorical: { type: "string" },
  method: { type: "string" },
  threshold: { type: "string" },
  "drift-share": { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  target: { type: "string" },
  prediction: { type: "string" },
  score: { type: "string" },
  "positive-label": { type: "string" },
  now: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(args: string[]) {
  return parseCommandArgs(args, USAGE, OPTIONS, "none");
}

function list(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(",").map((s) => s.trim());
  if (names.some((n) => n === ""))
    throw new UsageError(`${flag} takes a comma-separated list of column names`);
  return names;
}

function fraction(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x < 0)
    throw new UsageError(`${flag} must be a non-negative number`);
  return x;
}

export async function runDrift(args: string[], io: CliIo): Promise<number> {
  // Running a Monitor of a repository is the second form of the command, with its own options.
  if (args.some((a) => /^--monitor(-file)?(=|$)/.test(a)))
    return (await import("./drift-monitor-command.ts")).runDriftMonitor(args, io);
  const { values } = parseOptions(args);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (!values.reference || !values.current)
    throw new UsageError(`--reference and --current are required\n\n${USAGE}`);
  const format = (values.format ?? "text") as (typeof FORMATS)[number];
  const now = values.now === undefined ? new Date() : parseNow(values.now);
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const method = values.method ?? "auto";
  if (method !== "auto" && !isStatTestName(method)) {
    throw new UsageError(`--method must be auto or one of ${STAT_TEST_NAMES.join(", ")}`);
  }
  const classification = classificationOf({
    target: values.target,
    prediction: values.prediction,
    score: values.score,
    positiveLabel: values["positive-label"],
  });
  const columns = list(values.columns, "--columns");
  // The classification columns are read even when --columns leaves them out (they are drift-tested too).
  const read =
    columns && classification
      ? [
          ...new Set([
            ...columns,
            classification.target,
            classification.prediction,
            ...(classification.score ? [classification.score] : []),
          ]),
        ]
      : columns;
  const categorical = list(values.categorical, "--categorical") ?? [];
  const options: DriftOptions = {};
  if (columns) options.columns = columns;
  if (method !== "auto") options.test = method;
  const threshold = fraction(values.threshold, "--threshold");
  if (threshold !== undefined) options.threshold = threshold;
  const driftShare = fraction(values["drift-share"], "--drift-share");
  if (driftShare !== undefined) options.driftShare = driftShare;
  options.overrides = new Map<string, ColumnOverride>(
    categorical.map((name) => [name, { type: "categorical" }]),
  );

  const progress = slowProgress("drift", io);
  try {
    progress.step(`reading ${values.reference} and ${values.current}`);
    const [reference, current] = await Promise.all([
      readDataset(resolve(io.cwd, values.reference), { columns: read, label: values.reference }),
      readDataset(resolve(io.cwd, values.current), { columns: read, label: values.current }),
    ]);
    progress.step(
      `comparing ${reference.columns.size} columns of ${reference.rowCount.toLocaleString("en")} and ${current.rowCount.toLocaleString("en")} rows`,
    );
    for (const name of categorical) {
      if (!reference.columns.has(name))
        throw new DriftInputError(`--categorical column '${name}' is not in the reference data`);
    }
    if (classification || format === "markdown" || format === "html") {
      const report = filesReport({
        reference,
        current,
        paths: { reference: values.reference, current: values.current },
        columns,
        categorical,
        method: method === "auto" ? undefined : method,
        threshold,
        driftShare,
        classification,
        at: now,
      });
      const summary = monitorReportText(report).split("\n")[0] as string;
      progress.done();
      await output(renderReport(report, format as ReportFormat), summary, values.out, io, format);
      return report.status.verdict === "fail" || report.status.drift ? EXIT_FINDINGS : EXIT_OK;
    }
    const report = await computeDrift(reference, current, options);
    progress.done();
    const ref = { path: values.reference, rows: reference.rowCount };
    const cur = { path: values.current, rows: current.rowCount };
    const text = format === "json" ? driftReportJson(report, ref, cur) : driftReportText(report, ref, cur);
    await output(text, driftReportText(report, ref, cur).split("\n")[0] as string, values.out, io, format);
    return report.dataset.drift ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    progress.done();
    if (error instanceof DatasetError || error instanceof DriftInputError) {
      io.stderr(`slipway drift: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

export const command: CliCommand = {
  run: runDrift,
  options: { ...OPTIONS, ...MONITOR_OPTIONS },
  choices: { format: FORMATS, method: ["auto", ...STAT_TEST_NAMES] },
};

/** The report on stdout (text coloured on a terminal), or in --out with its first line on stdout. */
async function output(
  text: string,
  summary: string,
  out: string | undefined,
  io: CliIo,
  format: string,
): Promise<void> {
  if (out === undefined) {
    io.stdout(format === "text" ? forStdout(text, io) : text);
    return;
  }
  await writeFile(resolve(io.cwd, out), text).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot write ${out}: ${error.code ?? error.message}`);
  });
  io.stdout(`${summary}\nreport written to ${out}\n`);
}
