import type { ModelEvidence } from "../experiments/evidence.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import type { CheckRunOutput } from "../report/check-run-output.ts";
import { experimentsSection } from "../report/experiments-section.ts";
import { comparisonsOf, type GatesSkip, gatesCheckOutput } from "../report/gates-check-output.ts";
import type { CommentSection } from "../report/sticky-comment.ts";
import { changedModels } from "./evidence/changed-models.ts";
import { gatherEvidence } from "./evidence/gather-evidence.ts";
import type { ReviewPorts, ReviewTarget } from "./review-ports.ts";

export interface GatesInput {
  head: { ok: boolean; snapshot: PlatformSnapshot };
  base: PlatformSnapshot | null;
  platformChanged: boolean;
  /** The default branch's `integrations.tracking`. */
  tracking: string | null;
  only?: string;
  against?: string;
  /** `policy.evidence.requireEvaluationData` of the default branch's `.slipway.yml`. */
  requireEvaluationData?: boolean;
}

export interface GatesResult {
  output: CheckRunOutput;
  evidence: readonly ModelEvidence[] | GatesSkip;
  trackingUrl: string | undefined;
  /** Servable URIs resolved through MLflow, by Model name: what the plan renders. */
  artifactUris: ReadonlyMap<string, string>;
}

export const FORK_REASON =
  "Evidence is not read for pull requests from forks (the server's MLflow credentials are not used on a fork's manifests). Push the branch to this repository to have the gates evaluated.";

/**
 * The `slipway/gates` evaluation of one head. Nothing to judge is a success; anything that stops
 * the evidence from being read — invalid manifests, a fork, no tracker, MLflow down — is a failure.
 */
export async function runGates(
  target: ReviewTarget,
  ports: ReviewPorts,
  input: GatesInput,
): Promise<GatesResult> {
  const done = (evidence: readonly ModelEvidence[] | GatesSkip, trackingUrl?: string): GatesResult => ({
    output: gatesCheckOutput(evidence, trackingUrl ? { trackingUrl } : {}),
    evidence,
    trackingUrl,
    artifactUris: artifactUrisOf(evidence),
  });
  if (!input.platformChanged && input.only === undefined) return done({ kind: "no-model-changes" });
  if (!input.head.ok) return done({ kind: "invalid" });
  if (changedModels(input.head.snapshot, input.base, input.only).length === 0)
    return done({ kind: "no-model-changes" });
  if (target.fork) return done({ kind: "blocked", reason: FORK_REASON });
  const connection = await ports.connectTracker(input.tracking);
  const tracker = "unavailable" in connection ? { unavailable: connection.unavailable } : connection.tracker;
  const evidence = await gatherEvidence({
    head: input.head.snapshot,
    base: input.base,
    tracker,
    ...(input.only !== undefined ? { only: input.only } : {}),
    ...(input.against !== undefined ? { against: input.against } : {}),
    requireEvaluationData: input.requireEvaluationData === true,
    ...("tracker" in connection && connection.modelFiles ? { modelFiles: connection.modelFiles } : {}),
    ...(ports.deployedVersion
      ? { deployedVersion: (m: string) => ports.deployedVersion?.(m) ?? Promise.resolve(null) }
      : {}),
  });
  return done(evidence, "tracker" in connection ? connection.trackingUrl : undefined);
}

/** The experiments section for the sticky comment; none when no model changed. */
export function evidenceSection(gates: GatesResult): CommentSection | null {
  const { evidence } = gates;
  if (!Array.isArray(evidence)) {
    const skip = evidence as GatesSkip;
    if (skip.kind !== "blocked") return null;
    const body = `### Experiments\n${skip.reason}`;
    return { id: "experiments", body, compact: body };
  }
  const list = evidence as readonly ModelEvidence[];
  if (list.length === 0) return null;
  return experimentsSection(comparisonsOf(list), gates.trackingUrl ? { trackingUrl: gates.trackingUrl } : {});
}

function artifactUrisOf(evidence: readonly ModelEvidence[] | GatesSkip): ReadonlyMap<string, string> {
  const uris = new Map<string, string>();
  if (!Array.isArray(evidence)) return uris;
  for (const e of evidence as readonly ModelEvidence[])
    if (e.status === "evaluated" && e.version.artifactUri && e.version.status === "READY")
      uris.set(e.model, e.version.artifactUri);
  return uris;
}
