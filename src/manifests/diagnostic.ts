import type { DiagnosticCode } from "./codes.ts";

export type Severity = "error" | "warning" | "notice";

/** A 1-based source range; `endColumn` is exclusive. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One finding about the platform repo, located in a file. The JSON output's stable shape. */
export interface Diagnostic extends SourceRange {
  file: string;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  hint?: string;
}

export const FILE_START: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 };

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** Orders diagnostics by file, then position, then severity and code, so every output is deterministic. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

export interface DiagnosticSummary {
  files: number;
  manifests: number;
  errors: number;
  warnings: number;
  notices: number;
}

export function summarize(
  diagnostics: readonly Diagnostic[],
  files: number,
  manifests: number,
): DiagnosticSummary {
  let errors = 0;
  let warnings = 0;
  let notices = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else notices++;
  }
  return { files, manifests, errors, warnings, notices };
}
