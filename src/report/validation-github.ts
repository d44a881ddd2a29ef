import type { Diagnostic, DiagnosticSummary } from "../manifests/diagnostic.ts";
import { summaryLine } from "./validation-text.ts";

const COMMAND = { error: "error", warning: "warning", notice: "notice" } as const;

/** GitHub Actions workflow commands: one annotation per diagnostic, then the summary as a notice. */
export function renderValidationGithub(
  diagnostics: readonly Diagnostic[],
  summary: DiagnosticSummary,
): string {
  const lines = diagnostics.map((d) => {
    const props = [
      `file=${escapeProperty(d.file)}`,
      `line=${d.line}`,
      `col=${d.column}`,
      `endLine=${d.endLine}`,
      `endColumn=${d.endColumn}`,
      `title=${escapeProperty(`${d.code}`)}`,
    ].join(",");
    const text = d.hint ? `${d.message}\n${d.hint}` : d.message;
    return `::${COMMAND[d.severity]} ${props}::${escapeData(text)}`;
  });
  lines.push(summaryLine(summary));
  return `${lines.join("\n")}\n`;
}

/** Escaping rules of the Actions toolkit (`escapeData`, `escapeProperty`). */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
