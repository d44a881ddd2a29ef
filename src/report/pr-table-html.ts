import type { ClassificationReport } from "../drift/classification/classification-quality.ts";
import type { PrTableRow } from "../drift/classification/pr-table.ts";
import { escapeHtml } from "./drift-html-escape.ts";

// The HTML report's precision–recall tables, reference and current side by side: for the rows with
// the highest scores (top 5%, 10%, …), the score cut-off, true and false positives, precision and
// recall — what a threshold picked today would catch, and what it caught on the reference.

const HEAD = ["top", "rows", "score ≥", "TP", "FP", "precision", "recall"];

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function cutoff(x: number): string {
  return String(Number(x.toPrecision(4)));
}

function tableHtml(side: string, rows: readonly PrTableRow[] | null | undefined): string {
  if (!rows)
    return `<div><p class="muted">${escapeHtml(side)}: no table (no score, or one class only)</p></div>`;
  const body = rows.map((r) => {
    const title = `${side}: predicting score ≥ ${r.cutoff} positive marks ${r.rows} rows, ${r.tp} of them positive (precision ${r.precision}, recall ${r.recall})`;
    return `<tr title="${escapeHtml(title)}"><td class="num">${r.top}%</td><td class="num">${r.rows}</td><td class="num">${escapeHtml(cutoff(r.cutoff))}</td><td class="num">${r.tp}</td><td class="num">${r.fp}</td><td class="num">${percent(r.precision)}</td><td class="num">${percent(r.recall)}</td></tr>`;
  });
  return `<div><table class="prtable"><caption>${escapeHtml(side)}: precision–recall by top-scored rows</caption><tr>${HEAD.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>${body.join("")}</table></div>`;
}

/** Both tables; empty when neither sample has one (no score column, or a multiclass task). */
export function prTablesHtml(c: ClassificationReport): string {
  if (!c.reference?.prTable && !c.current?.prTable) return "";
  return `<div class="side">${tableHtml("reference", c.reference?.prTable)}${tableHtml("current", c.current?.prTable)}</div>`;
}
