import type {
  ClassificationMetrics,
  ClassificationReport,
} from "../drift/classification/classification-quality.ts";
import { METRIC_NAMES } from "../drift/classification/classification-quality.ts";
import { METRIC_LABELS } from "./drift-rows.ts";
import { formatDelta, formatNumber } from "./experiments-format.ts";
import { tableCell } from "./markdown-escape.ts";

// Classification quality in the drift section: reference vs current per metric, with the change.

function code(text: string): string {
  return `\`${tableCell(text.replace(/`/g, "'"), 100)}\``;
}

function confusionText(m: ClassificationMetrics | null): string {
  if (!m) return "—";
  const c = m.confusion;
  const excluded = m.excludedRows > 0 ? `, ${m.excludedRows} rows without labels left out` : "";
  return `TP ${c.tp} · FP ${c.fp} · FN ${c.fn} · TN ${c.tn}${excluded}`;
}

export function classificationBlock(c: ClassificationReport): string {
  const score = c.score ? `, score ${code(c.score)}` : "";
  const lines = [
    `**Classification** — target ${code(c.target)}, prediction ${code(c.prediction)}${score}, positive label ${code(String(c.positiveLabel))}`,
    "",
  ];
  if (!c.reference && !c.current) {
    lines.push("Not computed: see the findings above.");
    return lines.join("\n");
  }
  lines.push("| metric | reference | current | Δ |", "|---|---|---|---|");
  for (const m of METRIC_NAMES) {
    if (m === "rocAuc" && !c.score) continue;
    const value = (side: ClassificationMetrics | null) => formatNumber(side?.[m] ?? null);
    lines.push(
      `| ${METRIC_LABELS[m]} | ${value(c.reference)} | ${value(c.current)} | ${formatDelta(c.deltas[m], null)} |`,
    );
  }
  lines.push("", `Reference: ${confusionText(c.reference)}. Current: ${confusionText(c.current)}.`);
  return lines.join("\n");
}
