import type { Diagnostic, DiagnosticSummary } from "../manifests/diagnostic.ts";

/** The stable JSON shape of `slipway validate --format json` (documented in docs/validate-json.md). */
export interface ValidationJson {
  ok: boolean;
  diagnostics: {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: Diagnostic["severity"];
    code: string;
    message: string;
    hint: string | null;
  }[];
  summary: DiagnosticSummary;
}

export function renderValidationJson(
  ok: boolean,
  diagnostics: readonly Diagnostic[],
  summary: DiagnosticSummary,
): string {
  const body: ValidationJson = {
    ok,
    diagnostics: diagnostics.map((d) => ({
      file: d.file,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      severity: d.severity,
      code: d.code,
      message: d.message,
      hint: d.hint ?? null,
    })),
    summary,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
