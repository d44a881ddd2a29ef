import { classificationQuality } from "../classification/classification-quality.ts";
import type { Table } from "../columns.ts";
import { type ColumnQuality, columnQuality } from "../quality/column-quality.ts";
import { qualityFindings } from "../quality/quality-findings.ts";
import { changedColumns, compareSchema, profileTables, schemaFindings } from "../quality/schema-changes.ts";
import { columnDistribution } from "./distributions.ts";
import { mostDrifted } from "./drift-strength.ts";
import type { Finding } from "./finding.ts";
import { monitorDrift } from "./monitor-drift.ts";
import {
  type DatasetSource,
  MAX_DISTRIBUTIONS,
  type MonitorReport,
  type MonitorStatus,
} from "./monitor-report.ts";
import { declaredTypes, type MonitorSettings } from "./monitor-settings.ts";

// One monitor run over two samples already read: schema first (a retyped or missing column is reported
// and kept out of every statistic), then quality, drift and classification. Pure and deterministic:
// the same tables and settings give the same report.

export interface MonitorInputs {
  reference: Table;
  current: Table;
  sources: { reference: DatasetSource; current: DatasetSource };
  settings?: MonitorSettings;
  /** When the run read its data and which current partitions it read; the core has no clock. */
  run?: { at?: Date; window?: readonly string[] };
}

/** A URL's user name and password never reach a report. */
export function maskSource(source: DatasetSource): DatasetSource {
  return {
    path: source.path.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, "$1***@"),
    rows: source.rows,
    ...(source.version ? { version: source.version } : {}),
  };
}

function status(findings: readonly Finding[], drift: boolean): MonitorStatus {
  const errorIn = (...areas: Finding["area"][]) =>
    findings.some((f) => f.severity === "error" && areas.includes(f.area));
  const anyError = findings.some((f) => f.severity === "error");
  const anyWarning = findings.some((f) => f.severity === "warning");
  return {
    verdict: anyError ? "fail" : anyWarning ? "warn" : "pass",
    drift,
    qualityFailed: errorIn("schema", "quality"),
    classificationFailed: errorIn("classification"),
  };
}

function classificationColumns(settings: MonitorSettings): Set<string> {
  const c = settings.classification;
  if (!c) return new Set();
  return new Set([c.target, c.prediction, ...(c.score === undefined ? [] : [c.score])]);
}

export function buildMonitorReport(inputs: MonitorInputs): MonitorReport {
  const { reference, current } = inputs;
  const settings = inputs.settings ?? {};
  const profiles = profileTables(reference, current);
  const schema = compareSchema(profiles);
  const retyped = new Set(schema.retyped.map((c) => c.name));
  const types = declaredTypes(settings);
  const quality: ColumnQuality[] = [];
  for (const [name, ref] of reference.columns) {
    const cur = current.columns.get(name);
    if (!cur) continue;
    quality.push(
      columnQuality({
        name,
        reference: ref,
        current: cur,
        profiles: {
          reference: profiles.reference.get(name) as NonNullable<ReturnType<typeof profiles.reference.get>>,
          current: profiles.current.get(name) as NonNullable<ReturnType<typeof profiles.current.get>>,
        },
        declared: types.get(name),
        retyped: retyped.has(name),
      }),
    );
  }
  const drift = monitorDrift(reference, current, settings, changedColumns(schema));
  const classification = settings.classification
    ? classificationQuality(reference, current, settings.classification)
    : null;
  const findings = [
    ...schemaFindings(schema, settings.quality?.schemaChanges, classificationColumns(settings)),
    ...qualityFindings(quality, settings.quality),
    ...drift.findings,
    ...(classification?.findings ?? []),
  ];
  // Every column both samples have gets a chart, tested or not: the most drifted tested ones first.
  const tested = mostDrifted(drift.report.columns).map((c) => ({ name: c.name, type: c.type }));
  const charted = new Set(tested.map((c) => c.name));
  const rest = quality
    .filter((q) => !charted.has(q.name) && !q.retyped)
    .map((q) => ({ name: q.name, type: q.type }));
  const distributions = [...tested, ...rest]
    .slice(0, MAX_DISTRIBUTIONS)
    .map((c) =>
      columnDistribution(
        c.name,
        c.type,
        reference.columns.get(c.name) as NonNullable<ReturnType<typeof reference.columns.get>>,
        current.columns.get(c.name) as NonNullable<ReturnType<typeof current.columns.get>>,
      ),
    )
    .filter((d) => d !== null);
  return {
    monitor: settings.name ?? null,
    run: { at: inputs.run?.at?.toISOString() ?? null, window: [...(inputs.run?.window ?? [])] },
    reference: maskSource(inputs.sources.reference),
    current: maskSource(inputs.sources.current),
    status: status(findings, drift.report.dataset.drift),
    findings,
    schema,
    quality,
    drift: drift.report,
    classification: classification?.report ?? null,
    distributions,
  };
}
