import { readRepoConfig } from "../manifests/read-repo-config.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import { DEFAULT_MANIFEST_DIRS, isManifestPath, REPO_CONFIG_PATH } from "../manifests/source-tree.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { CHECK_NAME_VALIDATE, validationCheckOutput } from "../report/check-run-output.ts";
import { CHECK_NAME_GATES } from "../report/gates-check-output.ts";
import { composeStickyComment } from "../report/sticky-comment.ts";
import { validationSection } from "../report/validation-section.ts";
import { driftReview } from "./drift-review.ts";
import { evidenceSection, runGates } from "./evidence-review.ts";
import { describeFault } from "./faults.ts";
import { withUriPackageChecks } from "./pipelines/review-packages.ts";
import { planSection, planSkippedSection } from "./plan-section.ts";
import type { ReviewPorts, ReviewTarget, StickyResult } from "./review-ports.ts";

export type ReviewOutcome =
  | { kind: "skipped"; reason: "already-reviewed" }
  | {
      kind: "reviewed";
      conclusion: "success" | "failure";
      gates: "success" | "failure";
      comment: StickyResult;
    }
  | { kind: "fault"; message: string }
  /** Not reviewed yet: the installation's API budget resets at `until` (ms), and the review runs then. */
  | { kind: "deferred"; until: number };

export const REVIEW_COMMANDS = ["/slipway validate", "/slipway plan", "/slipway compare", "/slipway help"];
/** The footer when the comment has a drift section. */
const DRIFT_COMMANDS = [...REVIEW_COMMANDS.slice(0, -1), "/slipway drift", ...REVIEW_COMMANDS.slice(-1)];

export interface ReviewOptions {
  force?: boolean;
  /** `/slipway drift [monitor]`: the drift section for that monitor only, changed or not. */
  drift?: { monitor?: string };
}

/**
 * Reviews one pull-request head: validates the whole tree against the default branch's policy, posts
 * the `slipway/validate` check with every finding annotated, reads the evidence of every changed model
 * for the `slipway/gates` check (always posted, failing closed), and refreshes the sticky comment —
 * with the drift of affected Monitors, which is evidence and never fails the review.
 * Keyed by (head SHA, check name): a repeated event for a reviewed head does nothing unless `force`.
 */
export async function reviewPullRequest(
  target: ReviewTarget,
  ports: ReviewPorts,
  options: ReviewOptions = {},
): Promise<ReviewOutcome> {
  if (!options.force) {
    const [validate, gates] = await Promise.all([
      ports.findCheckRun(target.headSha, CHECK_NAME_VALIDATE),
      ports.findCheckRun(target.headSha, CHECK_NAME_GATES),
    ]);
    if (validate?.status === "completed" && gates?.status === "completed")
      return { kind: "skipped", reason: "already-reviewed" };
  }
  // Reviews of new heads go first, but not into an empty budget: the checks say when the review runs.
  const until = ports.reviewDeferral?.() ?? null;
  if (until !== null && ports.deferChecks) {
    await ports.deferChecks(target.headSha, until);
    return { kind: "deferred", until };
  }
  // The reads start at once: they overlap the check runs' creation, which GitHub paces a second apart.
  const reading = Promise.all([
    ports.readTree(target.headSha),
    ports.readDefaultBranchConfig(),
    ports.changedFiles(),
  ]);
  reading.catch(() => undefined); // awaited below, once the checks exist to carry a failure
  const checkId = await ports.startCheckRun(target.headSha, CHECK_NAME_VALIDATE);
  const gatesId = await ports.startCheckRun(target.headSha, CHECK_NAME_GATES).catch(async (error) => {
    await ports.failCheckRun(checkId, describeFault(error)).catch(() => undefined);
    throw error;
  });
  let validateOpen = true;
  let gatesOpen = true;
  try {
    const [tree, defaultConfigBytes, changed] = await reading;
    const defaultConfig = readRepoConfig(defaultConfigBytes);
    const validated = validateRepo(tree, {
      binding: ports.binding,
      // The default branch's policy applies; a PR that edits it is checked, and it takes effect on merge.
      ...(defaultConfig ? { policy: { from: defaultConfig.policy } } : {}),
    });
    // Compiled pipelines at a URI are read (bounded, through the binding) for their parameters; never for forks.
    const result =
      !target.fork && ports.readPipelinePackage
        ? await withUriPackageChecks(validated, ports.binding, ports.readPipelinePackage)
        : validated;
    const dirs =
      result.snapshot.config?.value.manifests?.paths ??
      defaultConfig?.manifests?.paths ??
      DEFAULT_MANIFEST_DIRS;
    const platformChanged = changed.some((p) => p === REPO_CONFIG_PATH || isManifestPath(p, dirs));
    const output = validationCheckOutput(result.diagnostics, result.summary, platformChanged);
    await ports.finishCheckRun(checkId, output);
    validateOpen = false;
    const base = platformChanged && result.ok ? await baseSnapshot(target, ports) : null;
    const gates = await runGates(target, ports, {
      head: result,
      base,
      platformChanged,
      tracking: defaultConfig?.integrations?.tracking ?? null,
      requireEvaluationData: defaultConfig?.policy?.evidence?.requireEvaluationData === true,
    });
    await ports.finishCheckRun(gatesId, gates.output);
    gatesOpen = false;
    const sections = [validationSection(result.diagnostics, result.summary, platformChanged)];
    if (platformChanged)
      sections.push(
        result.ok
          ? planSection({
              head: { snapshot: result.snapshot, sha: target.headSha },
              base: base ? { snapshot: base, sha: target.defaultBranch } : null,
              binding: ports.binding,
              artifactUris: gates.artifactUris,
            })
          : planSkippedSection(),
      );
    const experiments = evidenceSection(gates);
    if (experiments) sections.push(experiments);
    const drift = await driftReview(target, ports, {
      head: result.snapshot,
      base: async () => (result.ok ? base : baseSnapshot(target, ports)),
      platformChanged,
      tracking: defaultConfig?.integrations?.tracking ?? null,
      ...(options.drift ? { command: options.drift } : {}),
    });
    if (drift) sections.push(drift);
    const comment = await ports.upsertStickyComment(
      target.headSha,
      composeStickyComment(target.headSha, sections, drift ? DRIFT_COMMANDS : REVIEW_COMMANDS),
    );
    return { kind: "reviewed", conclusion: output.conclusion, gates: gates.output.conclusion, comment };
  } catch (error) {
    const message = describeFault(error);
    // The checks never stay in progress: they fail closed, with the reason and the way to retry.
    if (validateOpen) await ports.failCheckRun(checkId, message).catch(() => undefined);
    if (gatesOpen) await ports.failCheckRun(gatesId, message).catch(() => undefined);
    return { kind: "fault", message };
  }
}

/** The default branch, validated the same way: the offline baseline of the plan and of the gates. */
async function baseSnapshot(target: ReviewTarget, ports: ReviewPorts): Promise<PlatformSnapshot | null> {
  const base = validateRepo(await ports.readTree(target.defaultBranch), { binding: ports.binding });
  return base.ok ? base.snapshot : null;
}
