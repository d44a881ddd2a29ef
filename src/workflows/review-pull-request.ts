import { readRepoConfig } from "../manifests/read-repo-config.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import { DEFAULT_MANIFEST_DIRS, isManifestPath, REPO_CONFIG_PATH } from "../manifests/source-tree.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { CHECK_NAME_VALIDATE, validationCheckOutput } from "../report/check-run-output.ts";
import { composeStickyComment } from "../report/sticky-comment.ts";
import { validationSection } from "../report/validation-section.ts";
import { describeFault } from "./faults.ts";
import { planSection, planSkippedSection } from "./plan-section.ts";
import type { ReviewPorts, ReviewTarget, StickyResult } from "./review-ports.ts";

export type ReviewOutcome =
  | { kind: "skipped"; reason: "already-reviewed" }
  | { kind: "reviewed"; conclusion: "success" | "failure"; comment: StickyResult }
  | { kind: "fault"; message: string };

export const REVIEW_COMMANDS = ["/slipway validate", "/slipway plan", "/slipway help"];

/**
 * Reviews one pull-request head: validates the whole tree against the default branch's policy, posts
 * the `slipway/validate` check with every finding annotated, and refreshes the sticky comment. Keyed by
 * (head SHA, check name): a repeated event for a reviewed head does nothing unless `force` is set.
 */
export async function reviewPullRequest(
  target: ReviewTarget,
  ports: ReviewPorts,
  options: { force?: boolean } = {},
): Promise<ReviewOutcome> {
  if (!options.force) {
    const existing = await ports.findCheckRun(target.headSha, CHECK_NAME_VALIDATE);
    if (existing?.status === "completed") return { kind: "skipped", reason: "already-reviewed" };
  }
  const checkId = await ports.startCheckRun(target.headSha, CHECK_NAME_VALIDATE);
  try {
    const [tree, defaultConfigBytes, changed] = await Promise.all([
      ports.readTree(target.headSha),
      ports.readDefaultBranchConfig(),
      ports.changedFiles(),
    ]);
    const defaultConfig = readRepoConfig(defaultConfigBytes);
    const result = validateRepo(tree, {
      binding: ports.binding,
      // The default branch's policy applies; a PR that edits it is checked, and it takes effect on merge.
      ...(defaultConfig ? { policy: { from: defaultConfig.policy } } : {}),
    });
    const dirs =
      result.snapshot.config?.value.manifests?.paths ??
      defaultConfig?.manifests?.paths ??
      DEFAULT_MANIFEST_DIRS;
    const platformChanged = changed.some((p) => p === REPO_CONFIG_PATH || isManifestPath(p, dirs));
    const output = validationCheckOutput(result.diagnostics, result.summary, platformChanged);
    await ports.finishCheckRun(checkId, output);
    const sections = [validationSection(result.diagnostics, result.summary, platformChanged)];
    if (platformChanged)
      sections.push(result.ok ? await plan(target, ports, result.snapshot) : planSkippedSection());
    const comment = await ports.upsertStickyComment(
      target.headSha,
      composeStickyComment(target.headSha, sections, REVIEW_COMMANDS),
    );
    return { kind: "reviewed", conclusion: output.conclusion, comment };
  } catch (error) {
    const message = describeFault(error);
    // The check never stays in progress: it fails closed, with the reason and the way to retry.
    await ports.failCheckRun(checkId, message).catch(() => undefined);
    return { kind: "fault", message };
  }
}

/** Renders the default branch too, as the offline baseline of the plan; an invalid one gives no baseline. */
async function plan(target: ReviewTarget, ports: ReviewPorts, head: PlatformSnapshot) {
  const baseTree = await ports.readTree(target.defaultBranch);
  const base = validateRepo(baseTree, { binding: ports.binding });
  return planSection({
    head: { snapshot: head, sha: target.headSha },
    base: base.ok ? { snapshot: base.snapshot, sha: target.defaultBranch } : null,
    binding: ports.binding,
  });
}
