import type { DriftReport } from "./dataset-drift.ts";
import type { DatasetSource } from "./report-json.ts";
import { STAT_TESTS } from "./stat-tests.ts";

// A plain-text drift report for terminals: verdict first, then one aligned row per column.

/** Four significant digits; exponent form for very small magnitudes. */
export function formatScore(x: number | null): string {
  if (x === null) return "-";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "inf" : "-inf";
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function driftReportText(
  report: DriftReport,
  reference: DatasetSource,
  current: DatasetSource,
): string {
  const d = report.dataset;
  const verdict = d.drift ? "DRIFT DETECTED" : "no dataset drift";
  const share = `${d.driftedColumns} of ${d.totalColumns} tested columns drifted (share ${formatScore(d.share)}, dataset drift at >= ${d.driftShare})`;
  const rows = [["column", "type", "test", "score", "threshold", "result"]];
  for (const c of report.columns) {
    const kind = c.test ? `${c.test} (${STAT_TESTS[c.test].score})` : "-";
    const result = c.skipped ? `not tested (${c.skipped})` : c.error ? "ERROR" : c.drift ? "DRIFT" : "ok";
    rows.push([c.name, c.type, kind, formatScore(c.score), formatScore(c.threshold), result]);
  }
  const errors = report.columns.filter((c) => c.error).map((c) => `${c.name}: ${c.error}`);
  return [
    `${verdict}: ${share}`,
    `reference: ${reference.path} (${reference.rows} rows); current: ${current.path} (${current.rows} rows)`,
    "",
    table(rows),
    ...(errors.length > 0 ? ["", ...errors] : []),
    "",
  ].join("\n");
}
