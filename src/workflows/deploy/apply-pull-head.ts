import type { QueuedIntent } from "../../state/intent.ts";
import { settleAbandonedDeployments } from "./abandoned-deployments.ts";
import { applyToCluster, desiredSource, type StepResult, short } from "./deploy-environment.ts";
import type { DeployPorts } from "./deploy-ports.ts";
import { preMergeRefusal, pullPlan } from "./pull-plan.ts";

type ApplyIntent = Extract<QueuedIntent["intent"], { kind: "apply-pr" }>;

/**
 * `/slipway apply <env>` in the environment's executor: applies a pull request's head before merge,
 * Atlantis-style, only while the pull request holds the environment's lock, its head is still `sha` and
 * the plan computed now has the hash the reviewer saw. Every refusal happens before any write. The
 * registry alias is not moved and no deploy is recorded (a pre-merge head is no rollback target); the
 * environment's applied commit stays the default branch's, so the merge commit deploys over it normally.
 */
export async function applyPullHead(
  ports: DeployPorts,
  queued: QueuedIntent & { intent: ApplyIntent },
  defaultBranch: string,
): Promise<StepResult> {
  const { environment } = queued;
  const { pr, sha, planHash } = queued.intent;
  const refuse = (note: string): StepResult => ({
    outcome: "skipped",
    note: `${note}; nothing was applied`,
    report: null,
  });
  const state = await ports.store.readState(environment);
  if (state.lock?.pr !== pr) return refuse(`#${pr} no longer holds \`${environment}\``);
  const pull = await ports.pull(pr);
  if (pull?.headSha !== sha)
    return refuse(
      `#${pr}'s head moved past ${short(sha)}: \`/slipway plan\`, then \`/slipway apply ${environment}\` again`,
    );
  const computed = await pullPlan(ports, { headSha: sha, defaultBranch, environment });
  if ("problem" in computed) return refuse(computed.problem);
  const binding = ports.binding?.environments[environment];
  const refusal = preMergeRefusal(computed.base, binding, environment, sha);
  if (refusal) return refuse(refusal);
  if (computed.plan.hash !== planHash)
    return refuse(
      `the plan for \`${environment}\` is now \`${computed.plan.hash}\`, not the \`${planHash}\` that was shown (the default branch moved): \`/slipway plan\`, then apply again`,
    );
  const port = binding ? ports.cluster(environment, binding) : null;
  if (!binding || !port) return refuse(`the server binds no cluster for \`${environment}\``);
  const source = await desiredSource(computed.tracker, computed.head, environment, binding, sha);
  if ("problem" in source) return refuse(source.problem);

  // GitHub's transient_environment means an environment that will cease to exist; staging will not,
  // so this is a normal Deployment of the head, named for what it is.
  await settleAbandonedDeployments(ports, { sha, environment, executor: queued.claimedBy });
  const deploymentId = await ports.github.createDeployment({
    sha,
    environment,
    description: `PR #${pr} pre-merge: Slipway applies ${short(sha)}`,
    productionEnvironment: false,
    payload: { intent: queued.id, pr, preMerge: true },
  });
  await ports.github.setDeploymentStatus(deploymentId, "in_progress", { description: "applying" });
  await ports.store.updateState(environment, (s) => ({ ...s, phase: "applying", updatedAt: ports.now() }));
  const applied = await applyToCluster(ports, {
    environment,
    snapshot: computed.head,
    source: source.source,
    tracker: computed.tracker,
    binding,
    port,
  });
  await ports.store.updateState(environment, (s) => ({ ...s, phase: "idle", updatedAt: ports.now() }));
  const failed =
    "fault" in applied
      ? applied.fault
      : applied.report.outcome !== "applied" && applied.report.outcome !== "no-op"
        ? `${applied.report.outcome}: ${applied.report.reason ?? "the apply did not complete"}`
        : null;
  const report = "report" in applied ? applied.report : null;
  if (failed) {
    await ports.github.setDeploymentStatus(deploymentId, "failure", { description: failed });
    return { outcome: "failure", note: `#${pr} pre-merge: ${failed}`, report };
  }
  await ports.github.setDeploymentStatus(deploymentId, "success", {
    description: `PR #${pr} pre-merge: ${short(sha)} is serving`,
    ...(binding.url ? { environmentUrl: binding.url } : {}),
  });
  return {
    outcome: "success",
    note: `\`${environment}\` runs #${pr}'s head ${short(sha)} before merge, locked to #${pr} until it merges, closes or \`/slipway unlock\` (the registry alias was not moved)`,
    report,
  };
}
