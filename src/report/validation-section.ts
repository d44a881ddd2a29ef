import type { Diagnostic, DiagnosticSummary } from "../manifests/diagnostic.ts";
import { inlineText, tableCell } from "./markdown-escape.ts";
import type { CommentSection } from "./sticky-comment.ts";
import { summaryLine } from "./validation-text.ts";

const MAX_ROWS_PER_FILE = 50;
const MAX_COMPACT_FILES = 300;

/** The validation section: a verdict line, then one folded table per file with findings. */
export function validationSection(
  diagnostics: readonly Diagnostic[],
  summary: DiagnosticSummary,
  platformChanged: boolean,
): CommentSection {
  const verdict = summary.errors > 0 ? "❌" : summary.warnings > 0 ? "⚠️" : "✅";
  const head = `### Validation\n${verdict} ${summaryLine(summary)}${platformChanged ? "" : " — this pull request changes no platform files"}`;
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const blocks: string[] = [];
  const compactLines: string[] = [];
  for (const [file, list] of byFile) {
    const counts = countWords(list);
    const rows = list
      .slice(0, MAX_ROWS_PER_FILE)
      .map((d) => `| ${d.line}:${d.column} | ${d.severity} | \`${d.code}\` | ${tableCell(d.message)} |`);
    const more =
      list.length > MAX_ROWS_PER_FILE
        ? `\n\n…and ${list.length - MAX_ROWS_PER_FILE} more in the check run.`
        : "";
    const open = list.some((d) => d.severity === "error") ? " open" : "";
    blocks.push(
      `<details${open}><summary><code>${inlineText(file)}</code> — ${counts}</summary>\n\n| line | severity | code | message |\n|---|---|---|---|\n${rows.join("\n")}${more}\n\n</details>`,
    );
    compactLines.push(`- \`${inlineText(file)}\` — ${counts}`);
  }
  const body = blocks.length > 0 ? `${head}\n\n${blocks.join("\n")}` : head;
  const shown = compactLines.slice(0, MAX_COMPACT_FILES);
  if (compactLines.length > shown.length)
    shown.push(`- …and ${compactLines.length - shown.length} more files`);
  const compact =
    shown.length > 0
      ? `${head}\n\n${shown.join("\n")}\n\nDetails are in the \`slipway/validate\` check run.`
      : head;
  return { id: "validation", body, compact };
}

function countWords(list: readonly Diagnostic[]): string {
  const parts: string[] = [];
  for (const severity of ["error", "warning", "notice"] as const) {
    const n = list.filter((d) => d.severity === severity).length;
    if (n > 0) parts.push(`${n} ${severity}${n === 1 ? "" : "s"}`);
  }
  return parts.join(", ");
}
