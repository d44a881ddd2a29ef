import type { Diagnostic, DiagnosticSummary } from "../manifests/diagnostic.ts";
import { summaryLine } from "./validation-text.ts";

export const CHECK_NAME_VALIDATE = "slipway/validate";
/** GitHub accepts at most 50 annotations per check-run request. */
export const ANNOTATIONS_PER_REQUEST = 50;
const SUMMARY_LIMIT = 65_535;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title: string;
}

export interface CheckRunOutput {
  conclusion: "success" | "failure";
  title: string;
  summary: string;
  /** Every annotation, to be sent in batches of ANNOTATIONS_PER_REQUEST. */
  annotations: CheckAnnotation[];
}

const LEVEL = { error: "failure", warning: "warning", notice: "notice" } as const;

/**
 * The `slipway/validate` check run for a head: failure when any error exists (in a changed file or
 * not: a change can break an unchanged manifest), with one annotation per diagnostic on its lines.
 */
export function validationCheckOutput(
  diagnostics: readonly Diagnostic[],
  summary: DiagnosticSummary,
  platformChanged: boolean,
): CheckRunOutput {
  if (!platformChanged && summary.errors === 0) {
    return {
      conclusion: "success",
      title: "No platform changes",
      summary: `This pull request changes no platform files.\n\n${summaryLine(summary)}`,
      annotations: [],
    };
  }
  const annotations = diagnostics.map((d): CheckAnnotation => {
    const sameLine = d.line === d.endLine;
    return {
      path: d.file,
      start_line: d.line,
      end_line: d.endLine,
      // GitHub accepts columns only on single-line annotations.
      ...(sameLine ? { start_column: d.column, end_column: Math.max(d.endColumn, d.column + 1) } : {}),
      annotation_level: LEVEL[d.severity],
      message: d.hint ? `${d.message}\n${d.hint}` : d.message,
      title: d.code,
    };
  });
  const conclusion = summary.errors > 0 ? "failure" : "success";
  const title = summary.errors > 0 ? `${summary.errors} error${summary.errors === 1 ? "" : "s"}` : "Valid";
  const text = `${summaryLine(summary)}\n\n${diagnostics.length} finding(s) are annotated on their lines.`;
  return { conclusion, title, summary: text.slice(0, SUMMARY_LIMIT), annotations };
}
