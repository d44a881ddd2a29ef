import type { CanaryCheck } from "../manifests/schemas/canary.ts";
import type { Manifest } from "../manifests/snapshot.ts";
import { builtinQuery, type MetricsRuntime } from "../rollout/builtin-checks.ts";
import { boundWords } from "../rollout/check-bound.ts";
import type { RolloutTarget } from "../rollout/rollout-targets.ts";
import { inlineText, tableCell } from "./markdown-escape.ts";

export interface RolloutPlanInput {
  environment: string;
  targets: readonly { target: RolloutTarget; manifest: Manifest<"Model">; runtime: MetricsRuntime }[];
  /** The `integrations.metrics` name, when declared. */
  metrics: string | undefined;
}

/** PromQL as a code span inside a table cell (a backtick in the query widens the fence). */
export function codeCell(text: string, max = 400): string {
  const cell = tableCell(text, max);
  const fence = cell.includes("`") ? "``" : "`";
  return `${fence}${cell.startsWith("`") ? " " : ""}${cell}${cell.endsWith("`") ? " " : ""}${fence}`;
}

/**
 * What merging would walk in one environment (issue #22): for each Model rolled out step by step, the
 * steps with their waits, then 100% and the registry move; the checks evaluated at the end of each step
 * with their queries and bounds; and what a failure does. Pure Markdown for the plan section.
 */
export function rolloutPlanMarkdown(input: RolloutPlanInput): string {
  if (input.targets.length === 0) return "";
  const parts = [`#### Rollout in \`${input.environment}\``];
  for (const { target, manifest, runtime } of input.targets) {
    const spec = manifest.value.spec;
    const { stable, version } = target;
    const approx = spec.serving.runtime === "deployment" ? " (a replica ratio, approximate)" : "";
    const registry = spec.promotion.alias
      ? `the \`${inlineText(spec.promotion.alias)}\` alias moves to ${version}`
      : spec.promotion.stage
        ? `version ${version} moves to stage ${spec.promotion.stage}`
        : "the deploy succeeds";
    parts.push(
      `Merging walks \`${target.model}\` from version ${stable.version} to ${version} in steps${approx}:`,
      "",
      `| step | traffic to ${version} | runs for |`,
      "|---|---|---|",
      ...target.steps.map((s, i) =>
        s.mirror
          ? `| ${i + 1} | 0% — all traffic mirrored to it, answers discarded | ${s.interval} |`
          : `| ${i + 1} | ${s.share}% | ${s.interval} |`,
      ),
      `| — | 100%: version ${stable.version} is removed, then ${registry} | — |`,
      "",
    );
    const analysis = spec.serving.canary?.analysis;
    if (!analysis) {
      parts.push(
        "No checks are declared: each step waits its interval (and the objects' health), then the next.",
        "",
      );
      continue;
    }
    const via = input.metrics ? ` through the \`${input.metrics}\` integration` : "";
    parts.push(
      `Checked at the end of each step on live metrics${via}, the new version's value against the stable version's:`,
      "",
      "| check | query | bound |",
      "|---|---|---|",
      ...analysis.checks.map(
        (c) => `| \`${c.name}\` | ${measures(c, runtime)} | ${tableCell(boundWords(c))} |`,
      ),
      "",
      failureWords(analysis.failureLimit ?? 0, stable.version),
      "",
    );
  }
  return parts.join("\n");
}

function measures(check: CanaryCheck, runtime: MetricsRuntime): string {
  if (check.query !== undefined) return codeCell(check.query);
  const builtin = check.builtin ?? "successRate";
  const query = builtinQuery(runtime, builtin);
  return typeof query === "string"
    ? `built-in \`${builtin}\`: ${codeCell(query)}`
    : `built-in \`${builtin}\` (unavailable)`;
}

function failureWords(limit: number, stable: string): string {
  const first =
    limit === 0
      ? "A check that fails, or returns no data, rolls traffic back"
      : `A check may fail ${limit === 1 ? "once" : `${limit} times`}, each failure holding its step for another interval; one more rolls traffic back`;
  return `${first} to version ${stable} at once, holds the revision and fails the deploy with the check's numbers. \`/slipway rollout pause|resume|abort <env>\` controls it while it runs.`;
}
