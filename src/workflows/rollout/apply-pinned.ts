import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { RolloutPin } from "../../render/canary-split.ts";
import type { EnvironmentBinding } from "../../render/render-context.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import { applyToCluster, connect, desiredSource, snapshotAt } from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import { short } from "../deploy/deploy-words.ts";

export interface PinnedContext {
  snapshot: PlatformSnapshot;
  binding: EnvironmentBinding;
  tracker: Tracker;
  declared: { name: string; production?: boolean };
}

/** What applying a commit at given splits needs: its snapshot, the environment's binding, MLflow. */
export async function pinnedContext(
  ports: DeployPorts,
  environment: string,
  commit: string,
): Promise<PinnedContext | { problem: string }> {
  const head = await snapshotAt(ports, commit);
  if ("problem" in head) return head;
  const declared = head.snapshot.config?.value.environments.find((e) => e.name === environment);
  const binding = ports.binding?.environments[environment];
  if (!declared || !binding)
    return { problem: `\`${environment}\` is not declared and bound at ${short(commit)}` };
  const tracker = await connect(ports, head.snapshot);
  if ("problem" in tracker) return tracker;
  return { snapshot: head.snapshot, binding, tracker: tracker.tracker, declared };
}

/**
 * Applies `commit` with each rollout Model at the split `pins` says, through the same engine as a
 * deploy (write-ahead inventory, prune, health). Words for a problem, or whether it applied.
 */
export async function applyPinned(
  ports: DeployPorts,
  environment: string,
  commit: string,
  context: PinnedContext,
  pins: ReadonlyMap<string, RolloutPin>,
): Promise<{ applied: true } | { problem: string }> {
  const port = ports.cluster(environment, context.binding);
  if (!port) return { problem: `the server binds no cluster for \`${environment}\`` };
  const source = await desiredSource(
    context.tracker,
    context.snapshot,
    environment,
    context.binding,
    commit,
    {
      rollout: pins,
    },
  );
  if ("problem" in source) return source;
  const result = await applyToCluster(ports, {
    environment,
    snapshot: context.snapshot,
    source: source.source,
    tracker: context.tracker,
    binding: context.binding,
    port,
  });
  if ("fault" in result) return { problem: result.fault };
  const { report } = result;
  if (report.outcome !== "applied" && report.outcome !== "no-op")
    return { problem: `${report.outcome}: ${report.reason ?? "the apply did not complete"}` };
  return { applied: true };
}
