import type { IntegrityFinding, ResolvedVersion } from "./integrity.ts";
import type { Comparison } from "./types.ts";

/** Where a model's manifest declares its registry version, for the check run's annotation. */
export interface ManifestLocation {
  file: string;
  line: number;
  endLine: number;
}

/** What Slipway found about one changed model: evaluated evidence, or why it could not be read. */
export type ModelEvidence =
  | {
      status: "evaluated";
      model: string;
      at: ManifestLocation;
      version: ResolvedVersion;
      findings: IntegrityFinding[];
      comparison: Comparison;
      /** The production version judged against; null on a first deployment. */
      baselineVersion: string | null;
    }
  | {
      status: "unavailable";
      model: string;
      at: ManifestLocation;
      /** The fault in reviewer words, ending with the way to retry. */
      reason: string;
      /** Set when the baseline a reviewer named with --against does not exist: a usage error, not a fault. */
      cause?: "against-not-found";
    };

/**
 * The model's verdict. Fails closed: unavailable evidence, an integrity error or a failed gate all
 * fail, because GitHub counts anything but failure as passing a required check.
 */
export function evidenceVerdict(evidence: ModelEvidence): "pass" | "fail" {
  if (evidence.status === "unavailable") return "fail";
  if (evidence.findings.some((f) => f.severity === "error")) return "fail";
  return evidence.comparison.verdict;
}
