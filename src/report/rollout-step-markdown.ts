import { formatNumber } from "../rollout/check-bound.ts";
import type { CheckResult } from "../rollout/check-result.ts";
import { inlineText, tableCell } from "./markdown-escape.ts";
import { codeCell } from "./rollout-plan-markdown.ts";

/** One check of an evaluation, as the step report shows it. */
export interface StepCheckRow {
  result: CheckResult;
  /** The canary's query as sent to Prometheus. */
  query: string;
  bound: string;
  note?: string;
}

export interface StepReportInput {
  model: string;
  stableVersion: string;
  version: string;
  /** 1-based, of `steps`. */
  step: number;
  steps: number;
  /** `10%`, or `mirror`. */
  share: string;
  interval: string;
  rows: readonly StepCheckRow[];
  /** What follows, in words ("next: 50% for 5m", "rolled back to version 6"). */
  next: string;
}

const VERDICT: Record<CheckResult["verdict"], string> = {
  pass: "✅ pass",
  fail: "❌ fail",
  "no-data": "❌ no data",
  error: "❌ error",
};

const shown = (n: number | null) => (n === null ? "—" : formatNumber(n));

/**
 * A rollout step's evaluation for the merged pull request (issue #22): which step of which Model, a
 * table of its checks (query, canary, stable, bound, verdict) and what happens next. Deterministic:
 * no times, numbers to six significant digits.
 */
export function rolloutStepMarkdown(input: StepReportInput): string {
  const head = `\`${inlineText(input.model)}\` ${input.stableVersion} → ${input.version} · step ${input.step} of ${input.steps} (${input.share} for ${input.interval})`;
  if (input.rows.length === 0) return `${head}: no checks declared; ${input.next}`;
  const rows = input.rows.map((r) => {
    const verdict = `${VERDICT[r.result.verdict]}${r.note ? ` — ${tableCell(r.note, 300)}` : ""}`;
    return `| \`${r.result.check}\` | ${r.query ? codeCell(r.query) : "—"} | ${shown(r.result.canary)} | ${shown(r.result.stable)} | ${tableCell(r.bound)} | ${verdict} |`;
  });
  return [
    `${head}:`,
    "",
    "| check | query | canary | stable | bound | verdict |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    input.next,
  ].join("\n");
}
