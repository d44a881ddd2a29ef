import type { Comparison } from "../experiments/types.ts";
import { baselineText, formatDelta, formatNumber, gateCounts, gateText } from "./experiments-format.ts";

const WORD: Record<string, string> = {
  pass: "PASS",
  fail: "FAIL",
  "missing-metric": "MISSING",
  "not-comparable": "NOT COMPARABLE",
  skipped: "SKIPPED",
};

/**
 * The comparison as plain text for `slipway compare --format text`: a verdict line, aligned gate
 * columns, then lineage, ungated metrics and changed params. No colours, no timestamps, so it can be
 * diffed and checked against golden files; JSON output is the Comparison value itself.
 */
export function renderExperimentsText(model: string, c: Comparison): string {
  const lines = [
    `${model}: ${c.verdict.toUpperCase()} (${gateCounts(c)})`,
    `Baseline: ${baselineText(c).replace(/`/g, "")}`,
  ];
  if (c.baselineNote) lines.push(`Note: ${c.baselineNote}`);
  lines.push(`Candidate run: ${c.candidateRun.runId}`);
  if (c.gates.length > 0) {
    lines.push("");
    const rows = c.gates.map((g) => [
      g.metric,
      formatNumber(g.baseline),
      formatNumber(g.candidate),
      formatDelta(g.delta, g.relativeDelta),
      WORD[g.verdict] ?? g.verdict,
      gateText(g),
    ]);
    lines.push(...table(["metric", "production", "candidate", "delta", "verdict", "gate"], rows));
  }
  if (c.verdict === "fail") lines.push("", "Why:", ...c.reasons.map((r) => `  - ${r}`));
  const data = (d: { names: string[]; digests: string[] }) =>
    `${d.names.join(", ") || "unnamed"} (digest ${d.digests.join(", ") || "not logged"})`;
  lines.push("", `Training data: candidate ${data(c.lineage.candidate)}`);
  if (c.lineage.baseline)
    lines.push(
      `               production ${data(c.lineage.baseline)}${c.lineage.sameDigests ? "" : " [different]"}`,
    );
  if (c.otherMetrics.length > 0) {
    lines.push("", "Other metrics (no gate):");
    const rows = c.otherMetrics.map((o) => [
      o.metric,
      formatNumber(o.baseline),
      formatNumber(o.candidate),
      formatDelta(o.delta, o.relativeDelta),
    ]);
    lines.push(...table(["metric", "production", "candidate", "delta"], rows).map((l) => `  ${l}`));
  }
  if (c.params.length > 0) {
    lines.push("", "Changed hyperparameters:");
    for (const p of c.params)
      lines.push(`  ${p.name}: ${p.baseline ?? "(unset)"} -> ${p.candidate ?? "(unset)"}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Left-aligned columns padded to the widest cell; the last column is not padded. */
function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? "")].length)));
  return all.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - [...cell].length)))
      .join("  "),
  );
}
