import type { Intent } from "../../state/intent.ts";
import {
  applyToCluster,
  connect,
  desiredSource,
  type StepResult,
  short,
  snapshotAt,
} from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import { rolloutSource } from "../rollout/rollout-source.ts";

export type ReconcileIntent = Extract<Intent, { kind: "reconcile" }>;

/**
 * Self-heal in the environment's executor (issue #10): re-applies the commit the environment runs through
 * the same engine as a deploy — write-ahead inventory, prune within the repository's share, health wait —
 * but moves no registry alias and records no GitHub Deployment: nothing new is deployed. It runs only
 * while the environment's state is the one the reconcile pass saw (same revision, hence the same
 * commit and no lock taken or released since); otherwise it is skipped before any write.
 */
export async function healEnvironment(
  ports: DeployPorts,
  environment: string,
  intent: ReconcileIntent,
): Promise<StepResult> {
  const { commit } = intent;
  const skip = (why: string): StepResult => ({
    outcome: "skipped",
    note: `self-heal of ${short(commit)} not applied: ${why}`,
    report: null,
  });
  const state = await ports.store.readState(environment);
  if (state.appliedCommit !== commit) return skip(`\`${environment}\` no longer runs it`);
  if (state.lock) return skip(`\`${environment}\` is locked to #${state.lock.pr}`);
  if (state.revision !== intent.revision)
    return skip(`\`${environment}\` changed since the drift was detected; the next pass looks again`);
  const head = await snapshotAt(ports, commit);
  if ("problem" in head) return { outcome: "failure", note: head.problem, report: null };
  const binding = ports.binding?.environments[environment];
  const port = binding ? ports.cluster(environment, binding) : null;
  if (!binding || !port) return skip(`the server binds no cluster for \`${environment}\``);
  const tracker = await connect(ports, head.snapshot);
  if ("problem" in tracker) return skip(tracker.problem);
  const source = await desiredSource(
    tracker.tracker,
    head.snapshot,
    environment,
    binding,
    commit,
    await rolloutSource(ports, environment, commit, head.snapshot),
  );
  if ("problem" in source) return skip(source.problem);

  let moved = false;
  await ports.store.updateState(environment, (s) => {
    // A lock taken between the check above and this write wins: nothing is applied.
    moved = s.revision !== intent.revision;
    return moved ? s : { ...s, phase: "applying", updatedAt: ports.now() };
  });
  if (moved) return skip(`\`${environment}\` changed since the drift was detected`);
  const applied = await applyToCluster(ports, {
    environment,
    snapshot: head.snapshot,
    source: source.source,
    tracker: tracker.tracker,
    binding,
    port,
  });
  await ports.store.updateState(environment, (s) => ({
    ...s,
    phase: s.rollout ? "verifying" : "idle",
    updatedAt: ports.now(),
  }));
  if ("fault" in applied)
    return { outcome: "failure", note: `self-heal of ${short(commit)}: ${applied.fault}`, report: null };
  const { report } = applied;
  if (report.outcome !== "applied" && report.outcome !== "no-op")
    return {
      outcome: "failure",
      note: `self-heal of ${short(commit)}: ${report.outcome}: ${report.reason ?? "the apply did not complete"}`,
      report,
    };
  return {
    outcome: report.outcome === "no-op" ? "no-op" : "success",
    note: `\`${environment}\` is back to ${short(commit)} (self-heal re-applied it)`,
    report,
  };
}
