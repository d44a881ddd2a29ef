import type { Comparison } from "../experiments/types.ts";
import { experimentsChart } from "./experiments-chart.ts";
import {
  baselineText,
  formatDelta,
  formatNumber,
  gateCounts,
  gateText,
  runMarkdown,
  VERDICT_ICON,
} from "./experiments-format.ts";
import { inlineText, tableCell } from "./markdown-escape.ts";
import type { CommentSection } from "./sticky-comment.ts";

export interface ModelComparison {
  model: string;
  comparison: Comparison;
}

/**
 * The experiments section: per changed model a verdict line, the gate table, a production-vs-candidate
 * chart, the runs, and folded details (ungated metrics, changed hyperparameters). The compact form
 * keeps only the verdicts and what failed; the `slipway/gates` check run has the rest.
 */
export function experimentsSection(
  models: readonly ModelComparison[],
  options: { trackingUrl?: string } = {},
): CommentSection {
  const head = "### Experiments";
  if (models.length === 0)
    return { id: "experiments", body: `${head}\nNo model changes.`, compact: `${head}\nNo model changes.` };
  const body = models.map((m) => modelBlock(m, options.trackingUrl));
  const compact = models.map(compactBlock);
  return {
    id: "experiments",
    body: `${head}\n\n${body.join("\n\n")}`,
    compact: `${head}\n\n${compact.join("\n")}\n\nDetails are in the \`slipway/gates\` check run.`,
  };
}

function headline({ model, comparison: c }: ModelComparison): string {
  const icon = c.verdict === "pass" ? "✅" : "❌";
  return `${icon} **${inlineText(model)}** — ${gateCounts(c)}`;
}

function modelBlock(m: ModelComparison, trackingUrl: string | undefined): string {
  const c = m.comparison;
  // Blank lines between these: Markdown would join adjacent lines and pull them into the quote.
  const lines = [`#### ${headline(m)}`, "", `Baseline: ${inlineText(baselineText(c))}.`, ""];
  if (c.baselineNote) lines.push(`> ⚠️ ${inlineText(c.baselineNote, 500)}`, "");
  const runs = [runMarkdown("candidate", trackingUrl, c.candidateRun.experiment, c.candidateRun.runId)];
  if (c.baselineRun)
    runs.unshift(runMarkdown("production", trackingUrl, c.baselineRun.experiment, c.baselineRun.runId));
  lines.push(`Runs: ${runs.join(" · ")}`, "");
  if (c.verdict === "fail") lines.push(...c.reasons.map((r) => `- ${tableCell(r, 500)}`), "");
  if (c.gates.length > 0) {
    lines.push("| metric | production | candidate | Δ | gate |", "|---|---|---|---|---|");
    for (const g of c.gates)
      lines.push(
        `| ${code(g.metric)} | ${formatNumber(g.baseline)} | ${formatNumber(g.candidate)} | ${formatDelta(g.delta, g.relativeDelta)} | ${VERDICT_ICON[g.verdict]} ${tableCell(gateText(g))} |`,
      );
    lines.push("");
  }
  const chart = experimentsChart(m.model, c);
  if (chart) lines.push(chart, "");
  lines.push(lineageLine(c));
  if (c.otherMetrics.length > 0) {
    const rows = c.otherMetrics.map(
      (o) =>
        `| ${code(o.metric)} | ${formatNumber(o.baseline)} | ${formatNumber(o.candidate)} | ${formatDelta(o.delta, o.relativeDelta)} |`,
    );
    lines.push(
      "",
      details(`Other metrics (${rows.length}, no gate)`, "| metric | production | candidate | Δ |", rows),
    );
  }
  if (c.params.length > 0) {
    const rows = c.params.map((p) => `| ${code(p.name)} | ${value(p.baseline)} | ${value(p.candidate)} |`);
    lines.push(
      "",
      details(`Changed hyperparameters (${rows.length})`, "| param | production | candidate |", rows),
    );
  }
  return lines.join("\n");
}

function details(summary: string, header: string, rows: string[]): string {
  const rule = header.replace(/[^|]+/g, "---");
  return `<details><summary>${summary}</summary>\n\n${header}\n${rule}\n${rows.join("\n")}\n\n</details>`;
}

function value(v: string | null): string {
  return v === null ? "—" : code(v, 100);
}

/** Text in a code span inside a table cell: a backtick would end the span, a pipe the cell. */
function code(text: string, max = 200): string {
  return `\`${tableCell(text.replace(/`/g, "'"), max)}\``;
}

function lineageLine(c: Comparison): string {
  const data = (d: { names: string[]; digests: string[] }) =>
    `${d.names.map((n) => code(n)).join(", ") || "unnamed"} (digest ${d.digests.map((x) => code(x)).join(", ") || "not logged"})`;
  const base = c.lineage.baseline ? `; production ${data(c.lineage.baseline)}` : "";
  const same =
    c.lineage.sameDigests === null
      ? ""
      : c.lineage.sameDigests
        ? " — same digests"
        : " — **different digests**";
  return `Training data: candidate ${data(c.lineage.candidate)}${base}${same}.`;
}

function compactBlock(m: ModelComparison): string {
  const failing =
    m.comparison.verdict === "fail" ? m.comparison.reasons.map((r) => `\n  - ${tableCell(r, 300)}`) : [];
  return `- ${headline(m)}${failing.join("")}`;
}
