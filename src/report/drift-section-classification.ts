import type {
  ClassificationMetrics,
  ClassificationReport,
} from "../drift/classification/classification-quality.ts";
import { classificationRows, classRows, pair, TEST_ICON } from "./classification-rows.ts";
import { tableCell } from "./markdown-escape.ts";

// Classification quality in the drift section: per metric the reference and current values, the
// change and the test with its bound; per class for a multiclass task; the confusion counts.

function code(text: string): string {
  return `\`${tableCell(text.replace(/`/g, "'"), 100)}\``;
}

function confusionText(m: ClassificationMetrics | null): string {
  if (!m) return "—";
  const excluded = m.excludedRows > 0 ? `, ${m.excludedRows} rows without labels left out` : "";
  const c = m.confusion;
  if (!c) return `${m.rows} rows${excluded}`;
  return `TP ${c.tp} · FP ${c.fp} · FN ${c.fn} · TN ${c.tn}${excluded}`;
}

export function classificationBlock(c: ClassificationReport): string {
  const score = c.score && c.task === "binary" ? `, score ${code(c.score)}` : "";
  const label =
    c.positiveLabel === null
      ? `${c.labels.length} classes`
      : `positive label ${code(String(c.positiveLabel))}`;
  const lines = [
    `**Classification** (${c.task}) — target ${code(c.target)}, prediction ${code(c.prediction)}${score}, ${label}`,
    "",
  ];
  if (!c.reference && !c.current) {
    lines.push("Not computed: see the findings above.");
    return lines.join("\n");
  }
  lines.push("| | metric | reference | current | Δ | test |", "|---|---|---|---|---|---|");
  for (const r of classificationRows(c))
    lines.push(
      `| ${TEST_ICON[r.verdict]} | ${r.label} | ${r.reference} | ${r.current} | ${r.delta} | ${tableCell(r.bound, 200)} |`,
    );
  if (c.task === "multiclass") {
    lines.push("", "| class | precision | recall | F1 | support |", "|---|---|---|---|---|");
    for (const k of classRows(c).slice(0, 50))
      lines.push(
        `| ${code(k.label)} | ${pair(k.reference?.precision, k.current?.precision)} | ${pair(k.reference?.recall, k.current?.recall)} | ${pair(k.reference?.f1, k.current?.f1)} | ${k.reference?.support ?? "—"} → ${k.current?.support ?? "—"} |`,
      );
  }
  lines.push("", `Reference: ${confusionText(c.reference)}. Current: ${confusionText(c.current)}.`);
  return lines.join("\n");
}
