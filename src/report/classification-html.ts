import type {
  ClassificationMetrics,
  ClassificationReport,
} from "../drift/classification/classification-quality.ts";
import type { TestVerdict } from "../drift/classification/classification-tests.ts";
import { classificationRows, classRows, pair } from "./classification-rows.ts";
import { type CurveSeries, curveSvg } from "./curve-svg.ts";
import { escapeHtml, shortHtml } from "./drift-html-escape.ts";
import { formatNumber } from "./experiments-format.ts";
import { prTablesHtml } from "./pr-table-html.ts";

// The HTML report's classification section: the metrics with their tests (the failing bound in the
// row), ROC and precision–recall curves of reference and current, the confusion matrices side by side
// (cells shaded by their share of the actual class), the precision–recall tables, per-class quality.

const MARK: Readonly<Record<TestVerdict, string>> = { pass: "✔", fail: "✖", warn: "⚠", "not-tested": "–" };
const ROW_CLASS: Readonly<Record<TestVerdict, string>> = {
  pass: "ok",
  fail: "error",
  warn: "warning",
  "not-tested": "untested",
};

const head = (names: string[]) => `<tr>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}</tr>`;

/** A number cell whose hover title is the exact value. */
function exact(x: number | null | undefined, text?: string): string {
  const shown = escapeHtml(text ?? formatNumber(x ?? null));
  return x === null || x === undefined
    ? `<td class="num">${shown}</td>`
    : `<td class="num" title="${escapeHtml(String(x))}">${shown}</td>`;
}

function matrixTable(side: string, m: ClassificationMetrics | null): string {
  if (!m) return `<div><p class="muted">${escapeHtml(side)}: not computed (see the findings).</p></div>`;
  const left = m.excludedRows > 0 ? ` · ${m.excludedRows} rows without labels left out` : "";
  const labels = m.matrix.labels;
  const body = m.matrix.counts.map((row, r) => {
    const total = row.reduce((a, b) => a + b, 0);
    const cells = row.map((v, c) => {
      const share = total === 0 ? 0 : v / total;
      const tint = r === c ? "26,127,55" : "207,34,46";
      const shade =
        v > 0 ? ` style="background-color: rgba(${tint},${(0.08 + 0.5 * share).toFixed(3)})"` : "";
      const title = `actual ${labels[r]}, predicted ${labels[c]}: ${v} rows (${(share * 100).toFixed(2)}% of actual ${labels[r]})`;
      return `<td class="num"${shade} title="${escapeHtml(title)}">${v}</td>`;
    });
    return `<tr><th>${shortHtml(labels[r] as string, 30)}</th>${cells.join("")}</tr>`;
  });
  const cols = labels.map((l) => `<th>${shortHtml(l, 30)}</th>`).join("");
  return `<div><table class="matrix"><caption>${escapeHtml(side)} (${m.rows} rows${left})</caption><tr><th>actual ↓ predicted →</th>${cols}</tr>${body.join("")}</table></div>`;
}

function positiveShare(m: ClassificationMetrics): string {
  const c = m.confusion;
  if (!c) return "";
  const n = c.tp + c.fp + c.fn + c.tn;
  return n === 0 ? "" : `positives ${String(Number((((c.tp + c.fn) / n) * 100).toPrecision(3)))}%`;
}

/** ROC and PR curves side by side; empty without a score or when neither sample has both classes. */
export function curvesHtml(c: ClassificationReport): string {
  const sides = (["reference", "current"] as const).flatMap((name) => {
    const m = c[name];
    return m?.curves ? [{ name, m, curves: m.curves }] : [];
  });
  if (sides.length === 0) return "";
  const auc = (m: ClassificationMetrics) => `AUC ${formatNumber(m.rocAuc)}`;
  const roc: CurveSeries[] = sides.map((s) => ({ name: s.name, points: s.curves.roc, note: auc(s.m) }));
  const pr: CurveSeries[] = sides.map((s) => ({
    name: s.name,
    points: s.curves.pr,
    note: positiveShare(s.m),
  }));
  return `<div class="side"><figure>${curveSvg({ title: "ROC curve: reference vs current", x: "FPR", y: "TPR", diagonal: true, series: roc })}</figure><figure>${curveSvg({ title: "Precision–recall curve: reference vs current", x: "recall", y: "precision", diagonal: false, series: pr })}</figure></div>`;
}

export function classificationHtml(c: ClassificationReport): string {
  const cols = [
    `${escapeHtml(c.task)}`,
    `target <code>${shortHtml(c.target, 80)}</code>`,
    `prediction <code>${shortHtml(c.prediction, 80)}</code>`,
  ];
  if (c.score && c.task === "binary") cols.push(`score <code>${shortHtml(c.score, 80)}</code>`);
  cols.push(
    c.positiveLabel === null
      ? `${c.labels.length} classes`
      : `positive label <code>${escapeHtml(String(c.positiveLabel))}</code>`,
  );
  const parts = [`<p>${cols.join(", ")}</p>`];
  if (!c.reference && !c.current) {
    parts.push(`<p class="muted">Not computed: see the findings.</p>`);
    return parts.join("\n");
  }
  const rows = classificationRows(c).map(
    (r) =>
      `<tr class="${ROW_CLASS[r.verdict]}"><td class="mark">${MARK[r.verdict]}</td><td>${escapeHtml(r.label)}</td>${exact(r.exact.reference)}${exact(r.exact.current)}<td class="num">${escapeHtml(r.delta)}</td><td>${r.verdict === "not-tested" ? "not tested: " : ""}${escapeHtml(r.bound)}</td></tr>`,
  );
  parts.push(`<table>${head(["", "metric", "reference", "current", "Δ", "test"])}${rows.join("")}</table>`);
  const curves = curvesHtml(c);
  if (curves) parts.push(curves);
  parts.push(
    `<div class="side">${matrixTable("reference", c.reference)}${matrixTable("current", c.current)}</div>`,
  );
  const prTables = prTablesHtml(c);
  if (prTables) parts.push(prTables);
  if (c.task === "multiclass" || (c.reference?.classes.length ?? 0) + (c.current?.classes.length ?? 0) > 0) {
    const classRowsHtml = classRows(c).map(
      (k) =>
        `<tr><td><code>${shortHtml(k.label, 60)}</code></td><td class="num">${escapeHtml(pair(k.reference?.precision, k.current?.precision))}</td><td class="num">${escapeHtml(pair(k.reference?.recall, k.current?.recall))}</td><td class="num">${escapeHtml(pair(k.reference?.f1, k.current?.f1))}</td><td class="num">${k.reference?.support ?? "—"} → ${k.current?.support ?? "—"}</td></tr>`,
    );
    parts.push(
      `<table><caption>per class (reference → current)</caption>${head(["class", "precision", "recall", "F1", "support"])}${classRowsHtml.join("")}</table>`,
    );
  }
  return parts.join("\n");
}
