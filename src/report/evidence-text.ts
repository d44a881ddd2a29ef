import { evidenceVerdict, type ModelEvidence } from "../experiments/evidence.ts";
import { gateCounts } from "./experiments-format.ts";
import { renderExperimentsText, unverifiedNote } from "./experiments-text.ts";

const MARK = { error: "ERROR", warning: "WARNING", note: "NOTE" } as const;

/**
 * One model's evidence as plain text for `slipway compare`: a verdict line that counts integrity
 * errors too, the resolved version and its findings, then the comparison.
 */
export function renderEvidenceText(e: ModelEvidence): string {
  if (e.status === "unavailable") return `${e.model}: FAIL (${plain(e.reason)})\n`;
  const errors = e.findings.filter((f) => f.severity === "error").length;
  const problems = errors === 0 ? "" : `, ${errors} evidence ${errors === 1 ? "problem" : "problems"}`;
  const counts = `${gateCounts(e.comparison)}${problems}${unverifiedNote(e.comparison)}`;
  const lines = [`${e.model}: ${evidenceVerdict(e).toUpperCase()} (${counts})`];
  const uri = e.version.artifactUri ? ` -> ${e.version.artifactUri}` : "";
  lines.push(`Version: ${e.version.version} (${e.version.status})${uri}`);
  for (const f of e.findings) lines.push(`${MARK[f.severity]}: ${plain(f.message)}`);
  // The comparison's own first line is its gate verdict alone; the line above replaces it.
  const comparison = renderExperimentsText(e.model, e.comparison).split("\n").slice(1);
  return `${[...lines, ...comparison].join("\n").trimEnd()}\n`;
}

/** The JSON of `slipway compare --format json` (documented in docs/compare-json.md). */
export function renderEvidenceJson(list: readonly ModelEvidence[]): string {
  const models = list.map((e) => ({ verdict: evidenceVerdict(e), ...e }));
  const verdict = models.every((m) => m.verdict === "pass") ? "pass" : "fail";
  return `${JSON.stringify({ version: 2, verdict, models }, null, 2)}\n`;
}

function plain(text: string): string {
  return text.replace(/`/g, "");
}
