import { ratioPercent } from "../experiments/metric-value.ts";
import type { Comparison, GateResult, GateVerdict } from "../experiments/types.ts";
import type { ModelGate } from "../manifests/schemas/model.ts";

// One formatter for the comment, the text output and the chart, so the same run never shows two
// different numbers. "en-US" and no grouping keep the output independent of the host's locale.
const FOUR = new Intl.NumberFormat("en-US", {
  minimumSignificantDigits: 4,
  maximumSignificantDigits: 4,
  useGrouping: false,
});
const SIGNED = new Intl.NumberFormat("en-US", {
  minimumSignificantDigits: 4,
  maximumSignificantDigits: 4,
  useGrouping: false,
  signDisplay: "exceptZero",
});
const PERCENT = new Intl.NumberFormat("en-US", {
  minimumSignificantDigits: 3,
  maximumSignificantDigits: 3,
  useGrouping: false,
  signDisplay: "exceptZero",
});

/** A metric value to 4 significant digits; very small or large magnitudes in exponent form. */
export function formatNumber(value: number | null): string {
  if (value === null) return "—";
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(3);
  // Intl prints -0 as "-0.000"; a metric of zero is zero whichever way it was rounded.
  return FOUR.format(value === 0 ? 0 : value);
}

/** A signed delta, with the relative change in percent when there is one: `+0.003000 (+0.316%)`. */
export function formatDelta(delta: number | null, relative: number | null): string {
  if (delta === null) return "—";
  const abs = Math.abs(delta);
  const head =
    abs !== 0 && (abs < 1e-4 || abs >= 1e9) ? withSign(delta, delta.toExponential(3)) : SIGNED.format(delta);
  return relative === null ? head : `${head} (${PERCENT.format(relative * 100)}%)`;
}

function withSign(value: number, text: string): string {
  return value > 0 ? `+${text}` : text;
}

export const VERDICT_ICON: Record<GateVerdict, string> = {
  pass: "✅",
  fail: "❌",
  "missing-metric": "❌",
  "not-comparable": "⚠️",
  skipped: "➖",
};

/** The gate as a reviewer reads it: `≥ 0.8, drop ≤ 0.005 vs production`. Bounds as written in YAML. */
export function gateBounds(gate: ModelGate): string {
  const parts: string[] = [];
  if (gate.min !== undefined) parts.push(`≥ ${gate.min}`);
  if (gate.max !== undefined) parts.push(`≤ ${gate.max}`);
  if (gate.maxDrop !== undefined) parts.push(`drop ≤ ${gate.maxDrop} vs production`);
  if (gate.maxDropRatio !== undefined) parts.push(`drop ≤ ${ratioPercent(gate.maxDropRatio)} vs production`);
  if (parts.length === 0 && gate.vs !== undefined) parts.push("no worse than production");
  return `${gate.goal} ${parts.join(", ")}`.trim();
}

/** The gate cell's words after its icon: bounds, then why it did not plainly pass (the reasons say). */
export function gateText(g: GateResult): string {
  return g.reasons.length === 0 ? gateBounds(g.gate) : `${gateBounds(g.gate)} — ${g.reasons.join("; ")}`;
}

/** Where the baseline came from, in words. */
export function baselineText(c: Comparison): string {
  if (c.firstDeployment) return "no production version yet — first deployment: absolute gates only";
  if (c.baselineSource === "against")
    return `${c.baselineLabel}, named with --against (not the gate's baseline)`;
  const from = {
    "deploy-record": "the last deploy record",
    git: "the default branch",
    alias: "the registry alias",
    stage: "the registry stage",
    none: "nothing",
  }[c.baselineSource];
  return `the version production serves, per ${from}`;
}

/** Whether relative gates were judged without recorded evaluation data (a warning, not a failure). */
export function comparabilityUnverified(c: Comparison): boolean {
  return c.warnings.some((w) => w.code === "comparability-unverified");
}

/** Counts for the headline: "3 of 4 gates pass". */
export function gateCounts(c: Comparison): string {
  const judged = c.gates.filter((g) => g.verdict !== "skipped");
  const passed = judged.filter((g) => g.verdict === "pass").length;
  return judged.length === 0 ? "no gates judged" : `${passed} of ${judged.length} gates pass`;
}

/**
 * A link to a run in the MLflow UI: `<base>/#/experiments/<expId>/runs/<runId>`. Only http(s) bases
 * without credentials are linked — a tracking URI such as `sqlite:///mlflow.db`, `databricks` or one
 * carrying a password must never end up in a PR comment — and ids must look like MLflow ids.
 */
export function runUrl(base: string | undefined, experimentId: string | null, runId: string): string | null {
  if (!base || !experimentId) return null;
  if (!/^[0-9A-Za-z_-]{1,64}$/.test(experimentId) || !/^[0-9A-Za-z_-]{1,64}$/.test(runId)) return null;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  url.search = "";
  url.hash = "";
  const root = url.toString().replace(/\/+$/, "");
  // Markdown link targets end at ")" and whitespace; a parsed URL percent-encodes whitespace, parens stay.
  const safe = root.replace(/\(/g, "%28").replace(/\)/g, "%29");
  return `${safe}/#/experiments/${experimentId}/runs/${runId}`;
}

/** A run as Markdown: linked when a safe URL can be built, its short id in code either way. */
export function runMarkdown(
  label: string,
  base: string | undefined,
  experimentId: string | null,
  runId: string,
): string {
  const text = `${label} \`${runId.replace(/[^0-9A-Za-z_-]/g, "").slice(0, 8)}\``;
  const url = runUrl(base, experimentId, runId);
  return url ? `[${text}](${url})` : text;
}
