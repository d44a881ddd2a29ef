import { type ColumnDriftResult, columnDrift, DriftInputError } from "../column-drift.ts";
import type { ColumnValues, Table } from "../columns.ts";
import { DEFAULT_DRIFT_SHARE, type DriftReport, summariseDataset } from "../dataset-drift.ts";
import { STAT_TESTS } from "../stat-tests.ts";
import { Workspace } from "../workspace.ts";
import { type Finding, quoteName } from "./finding.ts";
import { columnTest, declaredTypes, type MonitorSettings } from "./monitor-settings.ts";
import { type OutputRole, outputRoles, outputShift } from "./prediction-drift.ts";
import { shortNumber } from "./short-number.ts";

// The drift stage of a monitor run: the engine's per-column drift on the columns the schema stage
// kept, with the Monitor's per-column types, tests and thresholds. A column the engine cannot test
// becomes a located finding; the other columns are still tested.

/** The comparison that made a column drift: `p-value 0.0126 ≤ 0.05`. */
export function driftRule(c: ColumnDriftResult): string {
  if (!c.test) return "";
  const info = STAT_TESTS[c.test];
  const op = c.test === "ks" ? "≤" : info.score === "p-value" ? "<" : "≥";
  const nop = c.test === "ks" ? ">" : info.score === "p-value" ? "≥" : "<";
  return `${info.score} ${shortNumber(c.score)} ${c.drift ? op : nop} ${shortNumber(c.threshold)}`;
}

/** An all-missing column of the other kind, so an emptied column is reported as untested, not refused. */
function emptyLike(values: ColumnValues, rows: number): ColumnValues {
  return values.kind === "number"
    ? { kind: "number", values: new Float64Array(rows).fill(Number.NaN), integer: false }
    : { kind: "string", codes: new Int32Array(rows).fill(-1), dictionary: [] };
}

function isEmpty(values: ColumnValues): boolean {
  if (values.kind === "string") return values.codes.every((c) => c < 0);
  return values.values.every((v) => v - v !== 0);
}

function outputDrift(
  role: OutputRole,
  name: string,
  ref: ColumnValues,
  cur: ColumnValues,
  result: ColumnDriftResult,
  settings: MonitorSettings,
): Finding {
  const shift = outputShift(role, ref, cur, settings.classification?.positiveLabel);
  const what = shift ? `${shift} in ${quoteName(name)}` : `column ${quoteName(name)}`;
  return {
    area: "drift",
    severity: "warning",
    code: role === "target" ? "target-drift" : "prediction-drift",
    column: name,
    message: `${role} drift: ${what} (${result.test} ${driftRule(result)})`,
  };
}

export function monitorDrift(
  reference: Table,
  current: Table,
  settings: MonitorSettings,
  excluded: ReadonlySet<string>,
): { report: DriftReport; findings: Finding[] } {
  const findings: Finding[] = [];
  const declared = new Map((settings.columns ?? []).map((c) => [c.name, c]));
  const types = declaredTypes(settings);
  const roles = outputRoles(settings.classification);
  const dropped = new Set(settings.drift?.exclude ?? []);
  // The model's columns are tested like features even when `columns` does not list them; those only
  // one sample has (a reference without predictions) are the classification stage's to report.
  const listed = settings.columns?.map((c) => c.name);
  const extra = [...roles.keys()].filter(
    (name) => !listed?.includes(name) && reference.columns.has(name) && current.columns.has(name),
  );
  const names = (
    listed ? [...listed, ...extra] : [...reference.columns.keys()].filter((name) => current.columns.has(name))
  ).filter((name) => !dropped.has(name));
  const workspace = new Workspace();
  const columns: ColumnDriftResult[] = [];
  for (const name of names) {
    if (excluded.has(name)) continue;
    const ref = reference.columns.get(name);
    let cur = current.columns.get(name);
    if (!ref || !cur) {
      const where = !ref && !cur ? "either dataset" : !ref ? "the reference data" : "the current data";
      findings.push({
        area: "drift",
        severity: "error",
        code: "declared-column-absent",
        column: name,
        message: `column ${quoteName(name)} is declared in the Monitor but not in ${where}`,
      });
      continue;
    }
    if (ref.kind !== cur.kind && isEmpty(cur)) cur = emptyLike(ref, current.rowCount);
    const declaredType = types.get(name);
    const options = { ...columnTest(declared.get(name), settings.drift) };
    try {
      if (declaredType === "datetime") {
        columns.push({
          ...columnDrift(name, ref, cur, { type: "text" }, workspace),
          skipped: "datetime column",
        });
        continue;
      }
      const result = columnDrift(
        name,
        ref,
        cur,
        declaredType ? { ...options, type: declaredType } : options,
        workspace,
      );
      columns.push(result);
      const role = roles.get(name);
      if (result.error)
        findings.push({
          area: "drift",
          severity: "error",
          code: "drift-not-computed",
          column: name,
          message: `column ${quoteName(name)}: ${result.error}`,
        });
      else if (result.drift && role) findings.push(outputDrift(role, name, ref, cur, result, settings));
      else if (result.drift)
        findings.push({
          area: "drift",
          severity: "warning",
          code: "column-drift",
          column: name,
          message: `column ${quoteName(name)} drifted: ${result.test} ${driftRule(result)}`,
        });
    } catch (error) {
      if (!(error instanceof DriftInputError)) throw error;
      findings.push({
        area: "drift",
        severity: "error",
        code: "drift-not-computed",
        column: name,
        message: error.message,
      });
    }
  }
  const dataset = summariseDataset(columns, settings.drift?.datasetShare ?? DEFAULT_DRIFT_SHARE);
  if (dataset.drift)
    findings.push({
      area: "drift",
      severity: "error",
      code: "dataset-drift",
      message: `dataset drift: ${dataset.driftedColumns} of ${dataset.totalColumns} tested columns drifted (share ${shortNumber(dataset.share)} ≥ ${dataset.driftShare})`,
    });
  return { report: { dataset, columns }, findings };
}
