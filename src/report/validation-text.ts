import type { Diagnostic, DiagnosticSummary } from "../manifests/diagnostic.ts";

/** `file:line:col severity code message`, grouped by file, then a one-line summary. Deterministic. */
export function renderValidationText(diagnostics: readonly Diagnostic[], summary: DiagnosticSummary): string {
  const lines: string[] = [];
  let file: string | null = null;
  for (const d of diagnostics) {
    if (d.file !== file) {
      if (file !== null) lines.push("");
      file = d.file;
    }
    lines.push(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
    if (d.hint) lines.push(`    hint: ${d.hint}`);
  }
  if (lines.length > 0) lines.push("");
  lines.push(summaryLine(summary));
  return `${lines.join("\n")}\n`;
}

export function summaryLine(s: DiagnosticSummary): string {
  const verdict = s.errors === 0 ? "valid" : "invalid";
  return `${verdict}: ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.notices, "notice")} in ${plural(s.files, "file")} (${plural(s.manifests, "manifest")})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
