import { describeVersion } from "../drift/monitor-report/dataset-version.ts";
import { bySeverity } from "../drift/monitor-report/finding.ts";
import type { MonitorReport } from "../drift/monitor-report/monitor-report.ts";
import { formatScore } from "../drift/report-text.ts";
import { classificationRows, classRows, pair, TEST_WORD } from "./classification-rows.ts";
import { columnRows, datasetLine, driftResultText, findingCounts, schemaChangeLines } from "./drift-rows.ts";

// The monitor report for a terminal: the verdict first, then schema changes, findings worst first,
// one aligned row per column (worst first) and classification quality. No control characters from the
// data or the manifest reach the terminal.

const VERDICT = { fail: "FAIL", warn: "WARN", pass: "PASS" } as const;

/** Text from data or manifests on one line, without control characters that could drive a terminal. */
function plain(text: string, max = 200): string {
  const clean = text.replace(/\p{Cc}/gu, " ");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Arrows and dashes a plain terminal font has. */
function ascii(text: string): string {
  return text.replace(/→/g, "->").replace(/—/g, "-");
}

function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

function at(source: MonitorReport["reference"]): string {
  return source.version ? `, ${plain(describeVersion(source.version), 200)}` : "";
}

/** `notes` are lines about the run (its window, a sample) shown under the data sources. */
export function monitorReportText(report: MonitorReport, notes: readonly string[] = []): string {
  const name = report.monitor ? `${plain(report.monitor, 100)}: ` : "";
  const drift = report.status.drift ? "DATASET DRIFT" : "no dataset drift";
  const { reference: r, current: c } = report;
  const lines = [
    `${name}${VERDICT[report.status.verdict]} ${drift}: ${datasetLine(report)}; ${findingCounts(report.findings)}`,
    `reference: ${plain(r.path)} (${r.rows} rows${at(r)}); current: ${plain(c.path)} (${c.rows} rows${at(c)})`,
    ...notes.map((n) => plain(n, 400)),
    "",
  ];
  const changes = schemaChangeLines(report);
  lines.push(
    changes.length === 0
      ? "schema: unchanged"
      : `schema: ${changes.length} changes (kept out of every statistic)`,
  );
  for (const change of changes)
    lines.push(`  ${change.change.padEnd(8)} ${plain(change.name, 100)}: ${plain(change.detail)}`);
  const findings = bySeverity(report.findings.filter((f) => f.area !== "schema"));
  if (findings.length > 0) {
    lines.push("", "findings:");
    for (const f of findings) lines.push(`  ${f.severity.padEnd(7)} ${f.area}: ${plain(f.message, 400)}`);
  }
  const rows = [["column", "type", "missing", "test", "score", "threshold", "result", "notes"]];
  for (const row of columnRows(report)) {
    const d = row.drift;
    rows.push([
      plain(row.name, 60),
      row.type,
      row.missing.replace("→", "->"),
      d?.test ?? "-",
      d ? formatScore(d.score) : "-",
      d ? formatScore(d.threshold) : "-",
      driftResultText(d).replace("—", "-"),
      plain(row.notes.join("; ").replace(/→/g, "->"), 120),
    ]);
  }
  lines.push("", ...table(rows));
  const k = report.classification;
  if (k) {
    const score = k.score && k.task === "binary" ? `, score ${plain(k.score, 60)}` : "";
    lines.push(
      "",
      `classification (${k.task}): target ${plain(k.target, 60)}, prediction ${plain(k.prediction, 60)}${score}`,
    );
    if (!k.reference && !k.current) lines.push("  not computed: see the findings");
    else {
      const metrics = [["metric", "reference", "current", "delta", "test", "bound"]];
      for (const r of classificationRows(k))
        metrics.push([
          r.label,
          ascii(r.reference),
          ascii(r.current),
          ascii(r.delta),
          TEST_WORD[r.verdict],
          plain(ascii(r.bound), 120),
        ]);
      lines.push(...table(metrics).map((l) => `  ${l}`));
      if (k.task === "multiclass") {
        const classes = [["class", "precision", "recall", "f1", "support"]];
        for (const c of classRows(k))
          classes.push([
            plain(c.label, 40),
            ascii(pair(c.reference?.precision, c.current?.precision)),
            ascii(pair(c.reference?.recall, c.current?.recall)),
            ascii(pair(c.reference?.f1, c.current?.f1)),
            `${c.reference?.support ?? "-"} -> ${c.current?.support ?? "-"}`,
          ]);
        lines.push("", ...table(classes).map((l) => `  ${l}`));
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
