import { evidenceVerdict, type ModelEvidence } from "../experiments/evidence.ts";
import type { FailedMetric } from "../plan/retrain-trigger.ts";
import { baselineText, formatNumber, gateText, runMarkdown, VERDICT_ICON } from "./experiments-format.ts";
import { inlineText, tableCell } from "./markdown-escape.ts";

/** Why the retrain ran: a monitor run, a `/slipway retrain` comment, or only MLflow's registration. */
export type CandidateOrigin =
  | {
      readonly kind: "monitor";
      readonly monitor: string;
      readonly environment: string;
      readonly runAt: string;
      readonly conditions: readonly string[];
      readonly columns: readonly string[];
      readonly report: string | null;
      /** Classification metrics that failed their tests. */
      readonly metrics: readonly FailedMetric[];
      /** Data-quality errors. */
      readonly problems: readonly string[];
      readonly issue: number | null;
    }
  | { readonly kind: "command"; readonly login: string; readonly issue: number | null }
  | { readonly kind: "registry" };

export interface CandidatePullInput {
  readonly model: string;
  readonly registeredModel: string;
  readonly file: string;
  readonly version: string;
  /** The version git declares (the default branch). */
  readonly previousVersion: string;
  readonly runId: string;
  readonly experiment: string;
  readonly experimentId: string | null;
  /** How the version was found: KFP's MLflow plugin, the Pipeline's experiment, or MLflow's webhook. */
  readonly found: "plugin" | "experiment" | "webhook";
  readonly origin: CandidateOrigin;
  readonly kfp: { readonly pipeline: string; readonly runUrl: string | null } | null;
  /** The candidate's gates judged as the review will judge them, or why they could not be. */
  readonly gates: ModelEvidence | { readonly unavailable: string };
  /** Set when an open pull request proposed another version before: it now proposes this one. */
  readonly replaces: string | null;
  readonly trackingUrl?: string;
}

export const CANDIDATE_MARKER = "<!-- slipway:retrain-candidate -->";

const CONDITION_WORDS: Record<string, string> = {
  drift: "dataset drift",
  quality: "failed data quality checks",
  classification: "classification quality below its thresholds",
};

/** A code span from untrusted text (column names, report locations): one line, no backticks, bounded. */
function code(text: string, max = 200): string {
  const clean = text.replace(/`/g, "'").replace(/[\r\n]+/g, " ");
  return `\`${clean.length > max ? `${clean.slice(0, max)}…` : clean}\``;
}

/** The branch of a model's candidate pull request. */
export function candidateBranch(model: string, version: string): string {
  return `slipway/retrain/${model}-v${version}`;
}

/**
 * The candidate pull request (issue #19): a title, a body that says why — the monitor run and what it
 * found, the Kubeflow Pipelines run, the registered version and how it was found, and what the
 * candidate's gates say — and the commit message. Deterministic: no timestamps but the monitor run's.
 */
export function candidatePull(input: CandidatePullInput): { title: string; body: string; message: string } {
  const why =
    input.origin.kind === "monitor"
      ? `${input.origin.conditions.map((c) => CONDITION_WORDS[c] ?? c).join(", ")} in ${input.origin.environment}`
      : input.origin.kind === "command"
        ? `/slipway retrain by @${input.origin.login}`
        : "a new registered version";
  const title = `Retrain ${input.model}: version ${input.version} (${why})`;
  const lines = [
    CANDIDATE_MARKER,
    `Slipway proposes **${input.model}** version **${input.version}** (registered model ${code(input.registeredModel)}), retrained, in place of version ${input.previousVersion} that the default branch declares.`,
  ];
  if (input.replaces !== null)
    lines.push(
      "",
      `_Updated: this pull request proposed version ${input.replaces} before; a newer retrain registered version ${input.version}._`,
    );
  lines.push("", "### Why", "", ...originLines(input));
  lines.push(
    "",
    "### What changes",
    "",
    `\`${input.file}\`: \`spec.registry.version\` ${input.previousVersion} → ${input.version}; \`spec.evidence\` → run ${code(input.runId, 64)} in experiment ${code(input.experiment)}.`,
    "",
    "### Gates",
    "",
    ...gateLines(input.gates),
    "",
    "The `slipway/gates` check judges them again on this pull request's head, with the experiments section in Slipway's comment. Nothing is deployed until a person merges this pull request; merging deploys it like any change, environment by environment.",
  );
  const message = `${title}\n\n${input.file}: spec.registry.version ${input.previousVersion} -> ${input.version}, spec.evidence.runId ${input.runId} (${input.experiment}).`;
  return { title, body: lines.join("\n"), message };
}

function originLines(input: CandidatePullInput): string[] {
  const out: string[] = [];
  const { origin } = input;
  if (origin.kind === "monitor") {
    const found = origin.conditions.map((c) => CONDITION_WORDS[c] ?? c).join("; ");
    out.push(
      `- Monitor ${code(origin.monitor)} in \`${origin.environment}\`, run at ${origin.runAt}: ${found}${origin.issue ? ` (#${origin.issue})` : ""}.`,
    );
    if (origin.columns.length > 0)
      out.push(
        `- Drifted columns, most drifted first: ${origin.columns.map((c) => code(c, 80)).join(", ")}.`,
      );
    if (origin.metrics.length > 0)
      out.push(
        `- Classification metrics that failed their tests: ${origin.metrics.map(metricText).join("; ")}.`,
      );
    if (origin.problems.length > 0)
      out.push(`- Data-quality errors: ${origin.problems.map((p) => code(p, 300)).join("; ")}.`);
    if (origin.report) out.push(`- Report: ${code(origin.report, 300)}.`);
  } else if (origin.kind === "command") {
    out.push(
      `- @${origin.login} asked for a retrain with \`/slipway retrain\`${origin.issue ? ` on #${origin.issue}` : ""}.`,
    );
  }
  if (input.kfp)
    out.push(
      `- Kubeflow Pipelines ran \`${input.kfp.pipeline}\`${input.kfp.runUrl ? `: ${input.kfp.runUrl}` : ""}.`,
    );
  const how = {
    plugin: "the MLflow run KFP's MLflow plugin reported",
    experiment:
      "the newest READY version whose run is in the Pipeline's experiment and started after the KFP run",
    webhook: "MLflow's registry webhook (`model_version.created`)",
  }[input.found];
  out.push(
    `- MLflow registered version ${input.version} from ${runMarkdown("run", input.trackingUrl, input.experimentId, input.runId)} in experiment ${code(input.experiment)} (found through ${how}).`,
  );
  return out;
}

function metricText(m: FailedMetric): string {
  const value = (v: number | null) => (v === null ? "—" : formatNumber(v));
  return `${code(m.metric, 32)} ${value(m.current)} (reference ${value(m.reference)}, bound ${inlineText(m.bound, 100)})`;
}

function gateLines(gates: CandidatePullInput["gates"]): string[] {
  if ("unavailable" in gates) return [`Not evaluated before opening: ${tableCell(gates.unavailable, 500)}.`];
  if (gates.status === "unavailable")
    return [`Not evaluated before opening: ${tableCell(gates.reason, 500)}.`];
  const verdict = evidenceVerdict(gates);
  const c = gates.comparison;
  const lines = [
    `${verdict === "pass" ? "✅ The candidate passes its gates" : "❌ The candidate does not pass its gates"} against ${gates.baselineVersion ? `version ${gates.baselineVersion} (${baselineText(c)})` : "no production version (first deployment)"}.`,
  ];
  for (const finding of gates.findings.filter((f) => f.severity === "error"))
    lines.push(`- ${tableCell(finding.message, 300)}`);
  if (c.gates.length > 0) {
    lines.push("", "| metric | production | candidate | gate |", "|---|---|---|---|");
    for (const g of c.gates)
      lines.push(
        `| \`${tableCell(g.metric, 80)}\` | ${formatNumber(g.baseline)} | ${formatNumber(g.candidate)} | ${VERDICT_ICON[g.verdict]} ${tableCell(gateText(g), 300)} |`,
      );
  }
  return lines;
}
