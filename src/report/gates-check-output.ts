import { evidenceVerdict, type ModelEvidence } from "../experiments/evidence.ts";
import type { CheckAnnotation, CheckRunOutput } from "./check-run-output.ts";
import { experimentsSection, type ModelComparison, type UnavailableModel } from "./experiments-section.ts";

export const CHECK_NAME_GATES = "slipway/gates";
const SUMMARY_LIMIT = 65_535;

/** Why the gates check did not evaluate evidence at all, or that there was nothing to evaluate. */
export type GatesSkip =
  | { kind: "no-model-changes" }
  | { kind: "invalid" }
  | { kind: "blocked"; reason: string };

/** The evidence as the comment and the check both show it. */
export function comparisonsOf(evidence: readonly ModelEvidence[]): (ModelComparison | UnavailableModel)[] {
  return evidence.map((e) =>
    e.status === "unavailable"
      ? { model: e.model, unavailable: e.reason }
      : {
          model: e.model,
          comparison: e.comparison,
          findings: e.findings,
          resolved: {
            version: e.version.version,
            artifactUri: e.version.artifactUri,
            baselineVersion: e.baselineVersion,
          },
        },
  );
}

/**
 * The `slipway/gates` check run: success only when every changed model's evidence was read, is
 * intact and passes its gates; failure otherwise, with the reason. Never neutral — GitHub counts
 * neutral as passing a required check (DESIGN.md §4). Posted on every head, platform change or not.
 */
export function gatesCheckOutput(
  evidence: readonly ModelEvidence[] | GatesSkip,
  options: { trackingUrl?: string } = {},
): CheckRunOutput {
  if (!Array.isArray(evidence)) return skipped(evidence as GatesSkip);
  const list = evidence as readonly ModelEvidence[];
  if (list.length === 0) return skipped({ kind: "no-model-changes" });
  const failing = list.filter((e) => evidenceVerdict(e) === "fail");
  const unavailable = list.filter((e) => e.status === "unavailable").length;
  const unverified = list.some(
    (e) =>
      e.status === "evaluated" && e.comparison.warnings.some((w) => w.code === "comparability-unverified"),
  );
  const title =
    failing.length === 0
      ? `${list.length} ${list.length === 1 ? "model passes" : "models pass"} the gates${unverified ? " (comparability unverified)" : ""}`
      : unavailable > 0
        ? `Evidence unavailable for ${unavailable} of ${list.length} ${list.length === 1 ? "model" : "models"}`
        : `${failing.length} of ${list.length} ${list.length === 1 ? "model fails" : "models fail"} the gates`;
  const section = experimentsSection(comparisonsOf(list), options);
  const summary =
    section.body.length <= SUMMARY_LIMIT ? section.body : section.compact.slice(0, SUMMARY_LIMIT);
  return {
    conclusion: failing.length === 0 ? "success" : "failure",
    title,
    summary,
    annotations: annotations(list),
  };
}

function annotations(list: readonly ModelEvidence[]): CheckAnnotation[] {
  const out: CheckAnnotation[] = [];
  for (const e of list) {
    if (evidenceVerdict(e) === "pass") continue;
    const messages =
      e.status === "unavailable"
        ? [e.reason]
        : [
            ...e.findings.filter((f) => f.severity === "error").map((f) => f.message),
            ...(e.comparison.verdict === "fail" ? e.comparison.reasons : []),
          ];
    out.push({
      path: e.at.file,
      start_line: e.at.line,
      end_line: e.at.endLine,
      annotation_level: "failure",
      title: `${e.model}: gates`,
      message: messages.join("\n").slice(0, 60_000),
    });
  }
  return out;
}

function skipped(skip: GatesSkip): CheckRunOutput {
  switch (skip.kind) {
    case "no-model-changes":
      return {
        conclusion: "success",
        title: "No model changes",
        summary: "This pull request changes no Model manifest, so no promotion gate applies.",
        annotations: [],
      };
    case "invalid":
      return {
        conclusion: "failure",
        title: "Not evaluated: the manifests do not validate",
        summary: "Fix the errors reported by `slipway/validate`; the gates are evaluated on a valid head.",
        annotations: [],
      };
    case "blocked":
      return { conclusion: "failure", title: "Gates not evaluated", summary: skip.reason, annotations: [] };
  }
}
