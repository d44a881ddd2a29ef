import type { Diagnostic, DiagnosticSummary } from "../manifests/diagnostic.ts";
import { summaryLine } from "./validation-text.ts";

export const CHECK_NAME_VALIDATE = "slipway/validate";
/** GitHub accepts at most 50 annotations per check-run request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/**
 * Most annotations one check run carries (issue #20), so a huge diff costs 20 requests, not hundreds;
 * the summary counts the rest and says how to see them all.
 */
export const MAX_ANNOTATIONS = 1000;
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
  /** At most MAX_ANNOTATIONS, to be sent in batches of ANNOTATIONS_PER_REQUEST. */
  annotations: CheckAnnotation[];
}

const LEVEL = { error: "failure", warning: "warning", notice: "notice" } as const;
const RANK = { failure: 0, warning: 1, notice: 2 } as const;

/**
 * The `slipway/validate` check run for a head: failure when any error exists (in a changed file or
 * not: a change can break an unchanged manifest), with one annotation per diagnostic on its lines — the
 * first MAX_ANNOTATIONS of them, errors first, and a summary line counting the rest.
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
  const more = annotations.length - MAX_ANNOTATIONS;
  const annotated =
    more > 0
      ? `The first ${MAX_ANNOTATIONS} of ${annotations.length} findings are annotated on their lines, errors first, and ${more} more — run \`slipway validate\` locally to see them all.`
      : `${diagnostics.length} finding(s) are annotated on their lines.`;
  const text = `${summaryLine(summary)}\n\n${annotated}`;
  const kept =
    more > 0
      ? annotations
          .map((a, i) => ({ a, i }))
          .sort((x, y) => RANK[x.a.annotation_level] - RANK[y.a.annotation_level] || x.i - y.i)
          .slice(0, MAX_ANNOTATIONS)
          .sort((x, y) => x.i - y.i)
          .map(({ a }) => a)
      : annotations;
  return { conclusion, title, summary: text.slice(0, SUMMARY_LIMIT), annotations: kept };
}
