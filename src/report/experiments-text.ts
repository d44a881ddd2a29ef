import type { Comparison } from "../experiments/types.ts";
import {
  baselineText,
  comparabilityUnverified,
  formatDelta,
  formatNumber,
  gateCounts,
  gateText,
} from "./experiments-format.ts";
import { evaluationLine, otherInputsLine, PLAIN_STYLE, trainingLine } from "./lineage-lines.ts";

const WORD: Record<string, string> = {
  pass: "PASS",
  fail: "FAIL",
  "missing-metric": "MISSING",
  "not-comparable": "NOT COMPARABLE",
  skipped: "SKIPPED",
};

/**
 * The comparison as plain text for `slipway compare --format text`: a verdict line, warnings, aligned
 * gate columns, then the evaluation and training data, ungated metrics and changed params. No colours,
 * no timestamps, so it can be diffed and checked against golden files; JSON output is the Comparison.
 */
export function renderExperimentsText(model: string, c: Comparison): string {
  const lines = [`${model}: ${c.verdict.toUpperCase()} (${gateCounts(c)}${unverifiedNote(c)})`];
  lines.push(...warningText(c), `Baseline: ${baselineText(c).replace(/`/g, "")}`);
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
    lines.push(...table(["metric", c.baselineLabel, "candidate", "delta", "verdict", "gate"], rows));
  }
  if (c.verdict === "fail") lines.push("", "Why:", ...c.reasons.map((r) => `  - ${r}`));
  lines.push("", evaluationLine(c, PLAIN_STYLE), trainingLine(c, PLAIN_STYLE));
  const other = otherInputsLine(c, PLAIN_STYLE);
  if (other) lines.push(other);
  if (c.otherMetrics.length > 0) {
    lines.push("", "Other metrics (no gate):");
    const rows = c.otherMetrics.map((o) => [
      o.metric,
      formatNumber(o.baseline),
      formatNumber(o.candidate),
      formatDelta(o.delta, o.relativeDelta),
    ]);
    lines.push(...table(["metric", c.baselineLabel, "candidate", "delta"], rows).map((l) => `  ${l}`));
  }
  if (c.params.length > 0) {
    lines.push("", "Changed hyperparameters:");
    for (const p of c.params)
      lines.push(`  ${p.name}: ${p.baseline ?? "(unset)"} -> ${p.candidate ?? "(unset)"}`);
  }
  return `${lines.join("\n")}\n`;
}

/** ", comparability unverified" after the gate counts when the gates rested on unrecorded data. */
export function unverifiedNote(c: Comparison): string {
  return comparabilityUnverified(c) ? ", comparability unverified" : "";
}

/** One line per warning, with the MLflow line that records the missing evaluation data. */
export function warningText(c: Comparison): string[] {
  return c.warnings.map((w) => {
    const head =
      w.code === "comparability-unverified" ? "comparability unverified" : "evaluation data required";
    return `WARNING: ${head}: ${w.message} Record it with: ${w.remedy}`;
  });
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
