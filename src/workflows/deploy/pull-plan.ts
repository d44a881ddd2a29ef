import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import { validateRepo } from "../../manifests/validate-repo.ts";
import type { Plan } from "../../plan/plan.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import { changedModels } from "../evidence/changed-models.ts";
import { resolveVersion } from "../evidence/resolve-version.ts";
import { trackerFaultWords } from "../evidence/tracker-fault-words.ts";
import { environmentPlan } from "../plan-section.ts";
import { connect, short, snapshotAt } from "./deploy-environment.ts";
import type { DeployPorts } from "./deploy-ports.ts";

export interface PullPlanRequest {
  headSha: string;
  /** The default branch, by name: the plan section's offline baseline. */
  defaultBranch: string;
  environment: string;
}

export interface PullPlan {
  plan: Plan;
  head: PlatformSnapshot;
  /** The default branch's snapshot (its `.slipway.yml` decides what may be applied before merge). */
  base: PlatformSnapshot | null;
  tracker: Tracker;
}

/**
 * The plan of a pull request's head for one environment, computed now exactly as the sticky comment's
 * plan section computes it (same renderer, same baseline, artifact URIs of the changed models only), so
 * its hash can be compared with the one a reviewer saw (DESIGN.md §4: a command applies what was shown).
 */
export async function pullPlan(
  ports: DeployPorts,
  request: PullPlanRequest,
): Promise<PullPlan | { problem: string }> {
  const head = await snapshotAt(ports, request.headSha);
  if ("problem" in head) return head;
  const baseResult = validateRepo(await ports.readTree(request.defaultBranch), { binding: ports.binding });
  const base = baseResult.ok ? baseResult.snapshot : null;
  const tracker = await connect(ports, head.snapshot);
  if ("problem" in tracker) return { problem: `the plan cannot be computed: ${tracker.problem}` };
  const uris = new Map<string, string>();
  const changed = new Set(changedModels(head.snapshot, base).map((c) => c.head));
  for (const [modelName, model] of head.snapshot.manifests.Model) {
    if (!changed.has(model)) continue;
    const { name, version } = model.value.spec.registry;
    try {
      const found = await resolveVersion(tracker.tracker, name, String(version));
      if (found?.resolved.status === "READY" && found.resolved.artifactUri)
        uris.set(modelName, found.resolved.artifactUri);
    } catch (error) {
      return { problem: trackerFaultWords(error).replace(/; retry with .*$/, "") };
    }
  }
  const plan = environmentPlan(
    {
      head: { snapshot: head.snapshot, sha: request.headSha },
      base: base ? { snapshot: base, sha: request.defaultBranch } : null,
      binding: ports.binding,
      artifactUris: uris,
    },
    request.environment,
  );
  if (!plan) return { problem: `the server binds no \`${request.environment}\`` };
  return { plan, head: head.snapshot, base, tracker: tracker.tracker };
}

/** Why a pull request's head may not be applied to `environment` before merge; null when it may. */
export function preMergeRefusal(
  base: PlatformSnapshot | null,
  binding: { production?: boolean } | undefined,
  environment: string,
  sha: string,
): string | null {
  const declared = base?.config?.value.environments.find((e) => e.name === environment);
  if (!declared) return `\`${environment}\` is not an environment of the default branch's \`.slipway.yml\``;
  if (declared.production || binding?.production)
    return `\`${environment}\` is a production environment: it is only deployed by a merge`;
  if (!declared.preMergeApply)
    return `\`${environment}\` does not allow applies before merge (\`preMergeApply: true\` in the default branch's \`.slipway.yml\`); ${short(sha)} deploys when it merges`;
  return null;
}
