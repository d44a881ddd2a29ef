import { DRIFT_BODY_BUDGET, monitorReportMarkdown } from "../../report/drift-section.ts";
import { tableCell } from "../../report/markdown-escape.ts";
import { referenceLineageLine } from "../../report/reference-lineage-line.ts";
import type { CommentSection } from "../../report/sticky-comment.ts";
import type { MonitorRun } from "./run-monitor.ts";

// The drift section of the sticky comment: one block per Monitor run — its report, or why it was not
// computed — each ending with the command that refreshes it. Over the budget, the largest blocks fall
// back to their compact form first.

interface Block {
  body: string;
  compact: string;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function heading(name: string): string {
  return `### Drift · ${code(name)}`;
}

function refresh(name: string): string {
  return `Refresh with ${code(`/slipway drift ${name}`)}; the full report: ${code(`slipway drift --monitor ${name} --format html --out drift.html`)}.`;
}

function windowLine(window: readonly string[]): string | null {
  if (window.length === 0) return null;
  const first = window[0] as string;
  const last = window[window.length - 1] as string;
  const span = window.length === 1 ? code(first) : `${code(first)} … ${code(last)}`;
  return `Current window: ${span} (${window.length} ${window.length === 1 ? "partition" : "partitions"}).`;
}

function sampleLine(run: Extract<MonitorRun, { kind: "report" }>): string | null {
  const parts = (["reference", "current"] as const).flatMap((side) => {
    const from = run.sampledFrom[side];
    return from === undefined ? [] : [`${run.report[side].rows} of ${from} ${side} rows`];
  });
  return parts.length > 0 ? `Sampled ${parts.join(" and ")} (seeded: the same rows on every run).` : null;
}

/** Whether a versioned reference is the data production was trained on (issue #23). */
function lineageLine(run: Extract<MonitorRun, { kind: "report" }>): string | null {
  return run.lineage ? referenceLineageLine(run.lineage, { code, text: tableCell }) : null;
}

export function monitorRunBlock(run: MonitorRun): Block {
  const name = run.monitor.name;
  if (run.kind === "report") {
    const section = monitorReportMarkdown(run.report);
    const notes = [windowLine(run.window), sampleLine(run), lineageLine(run), refresh(name)].filter(
      (l) => l !== null,
    );
    const tail = notes.join("\n");
    return { body: `${section.body}\n\n${tail}`, compact: `${section.compact}\n\n${tail}` };
  }
  if (run.kind === "not-read") {
    const lines = run.findings.map(
      (f) =>
        `- ${code(`${f.file}:${f.line}`)} ${code(`${f.side}.${f.field}`)} (${f.code}): ${tableCell(f.message, 400)}`,
    );
    const text = [
      heading(name),
      "",
      "❌ **Not computed**: the Monitor's data cannot be read as written, so nothing was read.",
      "",
      ...lines,
      "",
      `Fix the location (or ask the operator to allow it), then push or comment ${code(`/slipway drift ${name}`)}.`,
    ].join("\n");
    return { body: text, compact: text };
  }
  const text = [
    heading(name),
    "",
    `⚠️ **Drift unavailable**: ${tableCell(run.reason, 600)}.`,
    "",
    `Drift is evidence for reviewers, not a check: nothing here blocks the pull request. Retry with ${code(`/slipway drift ${name}`)}.`,
  ].join("\n");
  return { body: text, compact: text };
}

/** The section for the runs, and a note naming monitors left out of this review. */
export function driftCommentSection(
  runs: readonly MonitorRun[],
  leftOut: readonly string[] = [],
): CommentSection {
  const blocks = runs.map(monitorRunBlock);
  const note =
    leftOut.length > 0
      ? [
          `${leftOut.length} more affected ${leftOut.length === 1 ? "monitor was" : "monitors were"} not computed in this review (${leftOut.map(code).join(", ")}); ask for each with ${code("/slipway drift <monitor>")}.`,
        ]
      : [];
  const bodies = blocks.map((b) => b.body);
  const size = () => bodies.reduce((n, b) => n + b.length + 2, 0);
  for (const i of blocks
    .map((_, i) => i)
    .sort((a, b) => (bodies[b]?.length ?? 0) - (bodies[a]?.length ?? 0))) {
    if (size() <= DRIFT_BODY_BUDGET) break;
    bodies[i] = (blocks[i] as Block).compact;
  }
  return {
    id: "drift",
    body: [...bodies, ...note].join("\n\n"),
    compact: [...blocks.map((b) => b.compact), ...note].join("\n\n"),
  };
}

/** A fork's pull request: no data is read with the server's credentials for it (DESIGN.md §4). */
export function forkDriftSection(names: readonly string[]): CommentSection {
  const body = `### Drift\nData is not read for pull requests from forks (the server's storage credentials are not used on a fork's manifests); affected ${names.length === 1 ? "monitor" : "monitors"}: ${names.map(code).join(", ")}. Push the branch to this repository to have drift computed.`;
  return { id: "drift", body, compact: body };
}

/** `/slipway drift <name>` for a Monitor the head does not declare. */
export function unknownMonitorSection(name: string, known: readonly string[]): CommentSection {
  const list = known.length > 0 ? `; monitors: ${known.map(code).join(", ")}` : "";
  const body = `### Drift\nNo Monitor named ${code(name)} at this head${list}.`;
  return { id: "drift", body, compact: body };
}
