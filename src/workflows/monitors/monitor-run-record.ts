import Type, { type Static } from "typebox";
import { mostDrifted } from "../../drift/monitor-report/drift-strength.ts";
import { bySeverity } from "../../drift/monitor-report/finding.ts";
import type { MonitorReport } from "../../drift/monitor-report/monitor-report.ts";
import { compiledValidator } from "../../manifests/compile-schemas.ts";

// `latest.json`, the record a monitor Job writes last beside each run's report (docs/drift-json.md,
// "Monitor run record"): which run is the newest, where its JSON and HTML reports are, and the figures
// the server publishes and alerts on, so the server reads one small object per monitor. The server
// reads it as untrusted input: whoever can write the bucket can write it.

export const MONITOR_RUN_KIND = "slipway.dev/MonitorRun";
export const MONITOR_RUN_VERSION = 1;
/** The largest record the server reads; a run of 2,000 columns stays far below it. */
export const MAX_RUN_RECORD_BYTES = 1024 * 1024;
const MAX_COLUMNS = 2000;
/** Schema and data-quality problems the record keeps for the issue, worst first. */
export const MAX_QUALITY_PROBLEMS = 10;

const text = (maxLength: number) => Type.String({ maxLength });
const value = Type.Union([Type.Number(), Type.Null()]);

/** Classification metrics of the run with their tests: what the gauges and the issue need. */
const classificationRecord = Type.Object(
  {
    task: Type.Enum(["binary", "multiclass"]),
    metrics: Type.Array(
      Type.Object(
        {
          metric: Type.String({ pattern: "^[a-zA-Z][a-zA-Z0-9]{0,31}$" }),
          reference: value,
          current: value,
          verdict: Type.Enum(["pass", "fail", "warn", "not-tested"]),
          bound: text(300),
        },
        { additionalProperties: false },
      ),
      { maxItems: 32 },
    ),
  },
  { additionalProperties: false },
);
const count = Type.Integer({ minimum: 0, maximum: 1e9 });

const runRecordSchema = Type.Object(
  {
    kind: Type.Literal(MONITOR_RUN_KIND),
    version: Type.Literal(MONITOR_RUN_VERSION),
    monitor: Type.String({ pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 }),
    environment: Type.Union([text(63), Type.Null()]),
    runAt: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$" }),
    report: Type.Object(
      {
        json: Type.String({ pattern: "^s3://", maxLength: 1024 }),
        html: Type.String({ pattern: "^s3://", maxLength: 1024 }),
      },
      { additionalProperties: false },
    ),
    status: Type.Object(
      {
        verdict: Type.Enum(["pass", "warn", "fail"]),
        drift: Type.Boolean(),
        qualityFailed: Type.Boolean(),
        classificationFailed: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    dataset: Type.Object(
      {
        drift: Type.Boolean(),
        share: Type.Number({ minimum: 0, maximum: 1 }),
        driftedColumns: count,
        totalColumns: count,
        driftShare: Type.Number({ minimum: 0, maximum: 1 }),
      },
      { additionalProperties: false },
    ),
    columns: Type.Array(
      Type.Object(
        {
          name: text(256),
          test: Type.String({ pattern: "^[a-z][a-z0-9_]{0,31}$" }),
          score: Type.Union([Type.Number(), Type.Null()]),
          threshold: Type.Number(),
          drift: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_COLUMNS },
    ),
    /** Drift of the model's own columns (prediction, score, target); absent in older records. */
    outputDrift: Type.Optional(
      Type.Array(
        Type.Object(
          {
            column: text(256),
            code: Type.Enum(["prediction-drift", "target-drift"]),
            message: text(600),
          },
          { additionalProperties: false },
        ),
        { maxItems: 3 },
      ),
    ),
    /** The current data's partitions, oldest first (absent in older records, empty when not windowed). */
    window: Type.Optional(
      Type.Object({ first: text(256), last: text(256), partitions: count }, { additionalProperties: false }),
    ),
    /** Schema and data-quality errors and warnings, worst first (absent in older records). */
    qualityProblems: Type.Optional(
      Type.Array(
        Type.Object(
          { severity: Type.Enum(["error", "warning"]), message: text(600) },
          { additionalProperties: false },
        ),
        { maxItems: MAX_QUALITY_PROBLEMS },
      ),
    ),
    /** Absent in records written before classification tests; null without `classification`. */
    classification: Type.Optional(Type.Union([classificationRecord, Type.Null()])),
  },
  { additionalProperties: true },
);

export type MonitorRunRecord = Static<typeof runRecordSchema>;

/** Where one run's objects go below the monitor's prefix: `<UTC run time>.json`, `.html`, `latest.json`. */
export function reportKeys(prefix: string, runAt: Date): { json: string; html: string; latest: string } {
  // Basic ISO 8601 (no colons): sorts by time and needs no escaping in a URL.
  const stamp = runAt
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "");
  return { json: `${prefix}${stamp}.json`, html: `${prefix}${stamp}.html`, latest: `${prefix}latest.json` };
}

/** The record of one run: tested columns only, most drifted first; a NaN score is written as null. */
export function runRecord(
  report: MonitorReport,
  at: { monitor: string; environment: string | null; runAt: Date; json: string; html: string },
): MonitorRunRecord {
  const columns = mostDrifted(report.drift.columns)
    .slice(0, MAX_COLUMNS)
    .map((c) => ({
      name: c.name,
      test: c.test ?? "",
      score: c.score !== null && Number.isFinite(c.score) ? c.score : null,
      threshold: c.threshold ?? 0,
      drift: c.drift,
    }));
  const finite = (x: number | null | undefined) =>
    x !== null && x !== undefined && Number.isFinite(x) ? x : null;
  const k = report.classification;
  const classification = k
    ? {
        task: k.task,
        metrics: k.tests.map((t) => ({
          metric: t.metric,
          reference: finite(t.reference),
          current: finite(t.current),
          verdict: t.verdict,
          bound: t.bound.slice(0, 300),
        })),
      }
    : null;
  const partitions = report.run.window;
  const qualityProblems = bySeverity(
    report.findings.filter((f) => (f.area === "schema" || f.area === "quality") && f.severity !== "info"),
  )
    .slice(0, MAX_QUALITY_PROBLEMS)
    .map((f) => ({ severity: f.severity as "error" | "warning", message: f.message.slice(0, 600) }));
  return {
    kind: MONITOR_RUN_KIND,
    version: MONITOR_RUN_VERSION,
    monitor: at.monitor,
    environment: at.environment,
    runAt: at.runAt.toISOString(),
    report: { json: at.json, html: at.html },
    status: { ...report.status },
    dataset: { ...report.drift.dataset },
    columns,
    outputDrift: report.findings.flatMap((f) =>
      (f.code === "prediction-drift" || f.code === "target-drift") && f.column !== undefined
        ? [{ column: f.column.slice(0, 256), code: f.code, message: f.message.slice(0, 600) }]
        : [],
    ),
    classification,
    ...(partitions.length > 0
      ? {
          window: {
            first: (partitions[0] as string).slice(0, 256),
            last: (partitions[partitions.length - 1] as string).slice(0, 256),
            partitions: partitions.length,
          },
        }
      : {}),
    qualityProblems,
  };
}

export type ParsedRunRecord = { ok: true; record: MonitorRunRecord } | { ok: false; problem: string };

/** Reads a record from bytes: bounded, UTF-8 JSON, the schema above; the problem names where it fails. */
export function parseRunRecord(bytes: Uint8Array): ParsedRunRecord {
  if (bytes.byteLength > MAX_RUN_RECORD_BYTES)
    return { ok: false, problem: `it is larger than ${MAX_RUN_RECORD_BYTES} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    const why = error instanceof SyntaxError ? error.message.slice(0, 120) : "not UTF-8 text";
    return { ok: false, problem: `it is not JSON (${why})` };
  }
  const head = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (head.kind !== MONITOR_RUN_KIND || head.version !== MONITOR_RUN_VERSION)
    return { ok: false, problem: `it is not a ${MONITOR_RUN_KIND} version ${MONITOR_RUN_VERSION} record` };
  const validate = compiledValidator(runRecordSchema);
  if (!validate(value)) {
    const first = validate.errors?.[0];
    const at = first?.instancePath ? first.instancePath : "the document";
    return {
      ok: false,
      problem: `${at} ${first?.message ?? "is invalid"} (not a ${MONITOR_RUN_KIND} version 1 record)`,
    };
  }
  const record = value as MonitorRunRecord;
  if (Number.isNaN(Date.parse(record.runAt))) return { ok: false, problem: "/runAt is not a valid time" };
  return { ok: true, record };
}
