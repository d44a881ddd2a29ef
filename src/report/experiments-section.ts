import type { IntegrityFinding } from "../experiments/integrity.ts";
import type { Comparison } from "../experiments/types.ts";
import { experimentsChart } from "./experiments-chart.ts";
import {
  baselineText,
  comparabilityUnverified,
  formatDelta,
  formatNumber,
  gateCounts,
  gateText,
  runMarkdown,
  VERDICT_ICON,
} from "./experiments-format.ts";
import { evaluationLine, type LineageStyle, otherInputsLine, trainingLine } from "./lineage-lines.ts";
import { inlineText, tableCell } from "./markdown-escape.ts";
import type { CommentSection } from "./sticky-comment.ts";

export interface ModelComparison {
  model: string;
  comparison: Comparison;
  /** Evidence integrity findings (version not READY, wrong run, signature…); errors fail the model. */
  findings?: readonly IntegrityFinding[];
  /** The registry version and where it resolved to, shown under the headline. */
  resolved?: { version: string; artifactUri: string | null; baselineVersion: string | null };
}

/** A model whose evidence could not be read: shown with the reason and the retry command. */
export interface UnavailableModel {
  model: string;
  unavailable: string;
}

/**
 * The experiments section: per changed model a verdict line, the gate table, a production-vs-candidate
 * chart, the runs, and folded details (ungated metrics, changed hyperparameters). The compact form
 * keeps only the verdicts and what failed; the `slipway/gates` check run has the rest.
 */
export function experimentsSection(
  models: readonly (ModelComparison | UnavailableModel)[],
  options: { trackingUrl?: string } = {},
): CommentSection {
  const head = "### Experiments";
  if (models.length === 0)
    return { id: "experiments", body: `${head}\nNo model changes.`, compact: `${head}\nNo model changes.` };
  const body = models.map((m) =>
    "unavailable" in m ? unavailableBlock(m) : modelBlock(m, options.trackingUrl),
  );
  const compact = models.map((m) => ("unavailable" in m ? `- ${unavailableHeadline(m)}` : compactBlock(m)));
  return {
    id: "experiments",
    body: `${head}\n\n${body.join("\n\n")}`,
    compact: `${head}\n\n${compact.join("\n")}\n\nDetails are in the \`slipway/gates\` check run.`,
  };
}

function headline({ model, comparison: c, findings = [] }: ModelComparison): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const icon = c.verdict === "pass" && errors === 0 ? "✅" : "❌";
  const integrity = errors === 0 ? "" : ` · ${errors} evidence ${errors === 1 ? "problem" : "problems"}`;
  const unverified = comparabilityUnverified(c) ? " · ⚠️ comparability unverified" : "";
  return `${icon} **${inlineText(model)}** — ${gateCounts(c)}${integrity}${unverified}`;
}

function unavailableHeadline(m: UnavailableModel): string {
  return `❌ **${inlineText(m.model)}** — ${inlineText(m.unavailable, 500)}`;
}

function unavailableBlock(m: UnavailableModel): string {
  return `#### ${unavailableHeadline(m)}\n\nNo gate was judged: the check fails closed until the evidence can be read.`;
}

const FINDING_ICON = { error: "❌", warning: "⚠️", note: "ℹ️" } as const;

function resolvedLines(m: ModelComparison): string[] {
  const lines: string[] = [];
  if (m.resolved) {
    const uri = m.resolved.artifactUri ? ` → ${code(m.resolved.artifactUri, 300)}` : "";
    const base =
      m.comparison.baselineSource === "against"
        ? ` · compared with: ${inlineText(m.comparison.baselineLabel)}`
        : m.resolved.baselineVersion
          ? ` · production: version ${code(m.resolved.baselineVersion)}`
          : "";
    lines.push(`Candidate: version ${code(m.resolved.version)}${uri}${base}`, "");
  }
  for (const f of m.findings ?? []) lines.push(`- ${FINDING_ICON[f.severity]} ${tableCell(f.message, 500)}`);
  if ((m.findings ?? []).length > 0) lines.push("");
  return lines;
}

function modelBlock(m: ModelComparison, trackingUrl: string | undefined): string {
  const c = m.comparison;
  // Blank lines between these: Markdown would join adjacent lines and pull them into the quote.
  const lines = [
    `#### ${headline(m)}`,
    "",
    ...resolvedLines(m),
    `Baseline: ${inlineText(baselineText(c))}.`,
    "",
  ];
  if (c.baselineNote) lines.push(`> ⚠️ ${inlineText(c.baselineNote, 500)}`, "");
  lines.push(...warningLines(c));
  const label = inlineText(c.baselineLabel, 60);
  const runs = [runMarkdown("candidate", trackingUrl, c.candidateRun.experiment, c.candidateRun.runId)];
  if (c.baselineRun)
    runs.unshift(runMarkdown(label, trackingUrl, c.baselineRun.experiment, c.baselineRun.runId));
  lines.push(`Runs: ${runs.join(" · ")}`, "");
  if (c.verdict === "fail") lines.push(...c.reasons.map((r) => `- ${tableCell(r, 500)}`), "");
  if (c.gates.length > 0) {
    lines.push(`| metric | ${tableCell(label)} | candidate | Δ | gate |`, "|---|---|---|---|---|");
    for (const g of c.gates)
      lines.push(
        `| ${code(g.metric)} | ${formatNumber(g.baseline)} | ${formatNumber(g.candidate)} | ${formatDelta(g.delta, g.relativeDelta)} | ${VERDICT_ICON[g.verdict]} ${tableCell(gateText(g))} |`,
      );
    lines.push("");
  }
  const chart = experimentsChart(m.model, c);
  if (chart) lines.push(chart, "");
  lines.push(evaluationLine(c, MARKDOWN), "", trainingLine(c, MARKDOWN));
  const other = otherInputsLine(c, MARKDOWN);
  if (other) lines.push("", other);
  if (c.otherMetrics.length > 0) {
    const rows = c.otherMetrics.map(
      (o) =>
        `| ${code(o.metric)} | ${formatNumber(o.baseline)} | ${formatNumber(o.candidate)} | ${formatDelta(o.delta, o.relativeDelta)} |`,
    );
    lines.push(
      "",
      details(
        `Other metrics (${rows.length}, no gate)`,
        `| metric | ${tableCell(label)} | candidate | Δ |`,
        rows,
      ),
    );
  }
  if (c.params.length > 0) {
    const rows = c.params.map((p) => `| ${code(p.name)} | ${value(p.baseline)} | ${value(p.candidate)} |`);
    lines.push(
      "",
      details(
        `Changed hyperparameters (${rows.length})`,
        `| param | ${tableCell(label)} | candidate |`,
        rows,
      ),
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

const MARKDOWN: LineageStyle = { code: (t) => code(t), strong: (t) => `**${t}**` };

/** A warning a reviewer must not miss, above the table: what happened and the line that fixes it. */
function warningLines(c: Comparison): string[] {
  const lines: string[] = [];
  for (const w of c.warnings) {
    const head =
      w.code === "comparability-unverified"
        ? "⚠️ **Comparability unverified.**"
        : "❌ **Evaluation data required.**";
    lines.push(
      `> ${head} ${inlineText(w.message, 600)} Record it in the training script: \`${w.remedy}\``,
      "",
    );
  }
  return lines;
}

function compactBlock(m: ModelComparison): string {
  const errors = (m.findings ?? [])
    .filter((f) => f.severity === "error")
    .map((f) => `\n  - ${tableCell(f.message, 300)}`);
  const failing = [
    ...errors,
    ...(m.comparison.verdict === "fail" ? m.comparison.reasons.map((r) => `\n  - ${tableCell(r, 300)}`) : []),
  ];
  return `- ${headline(m)}${failing.join("")}`;
}
