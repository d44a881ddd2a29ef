import { connect, finishSteps, type StepResult, short, snapshotAt } from "./deploy-environment.ts";
import type { DeployPorts } from "./deploy-ports.ts";

/**
 * `/slipway retry`: finishes what a partial deploy left — the registry move and the Deployment's
 * success — without applying to the cluster again. Nothing pending for that commit is a no-op.
 */
export async function retryPending(
  ports: DeployPorts,
  environment: string,
  commit: string,
): Promise<StepResult> {
  const state = await ports.store.readState(environment);
  const pending = state.pending;
  if (!pending || pending.commit !== commit)
    return {
      outcome: "no-op",
      note: `nothing is pending for ${short(commit)} in \`${environment}\``,
      report: null,
    };
  if (state.appliedCommit !== commit)
    return {
      outcome: "skipped",
      note: `\`${environment}\` no longer runs ${short(commit)}; nothing to complete`,
      report: null,
    };
  const head = await snapshotAt(ports, commit);
  if ("problem" in head) return { outcome: "failure", note: head.problem, report: null };
  const declared = head.snapshot.config?.value.environments.find((e) => e.name === environment);
  const binding = ports.binding?.environments[environment];
  if (!declared || !binding)
    return { outcome: "failure", note: `\`${environment}\` is no longer bound`, report: null };
  const tracker = await connect(ports, head.snapshot);
  if ("problem" in tracker)
    return { outcome: "partial", note: `still pending: ${tracker.problem}`, report: null };
  const deploymentId =
    pending.deploymentId ??
    (await ports.github.createDeployment({
      sha: commit,
      environment,
      description: `Slipway completes ${short(commit)}`,
      productionEnvironment: Boolean(declared.production),
      payload: { intent: pending.intentId },
    }));
  return finishSteps(
    ports,
    {
      environment,
      commit,
      intentId: pending.intentId,
      gatesPassed: true,
      deploymentId,
      snapshot: head.snapshot,
      declared,
      tracker: tracker.tracker,
      binding,
    },
    null,
  );
}
