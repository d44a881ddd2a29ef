import type { QueuedIntent } from "../../state/intent.ts";
import { rollBack } from "../rollout/roll-back.ts";
import { settleAbandonedDeployments } from "./abandoned-deployments.ts";
import { applyRegistry } from "./apply-registry.ts";
import {
  applyToCluster,
  connect,
  desiredSource,
  registryFailure,
  type StepResult,
  short,
  snapshotAt,
} from "./deploy-environment.ts";
import type { DeployPorts } from "./deploy-ports.ts";

type RollbackIntent = Extract<QueuedIntent["intent"], { kind: "rollback" }>;

export interface BreakGlassRequest {
  model: string;
  /** The rollback pull request and its head. */
  pr: number;
  sha: string;
  login: string;
  /** The bound environments that serve the model, in deploy order (production included). */
  environments: readonly string[];
}

/**
 * Break-glass (`/slipway rollback --break-glass`, checked for owner and approver by the caller): locks
 * each environment to the rollback pull request — taking over a pre-merge apply's lock — and queues the
 * apply of its head there. The lock holds the reconcile loop and self-heal off until the pull request
 * merges, closes or `/slipway unlock`. Returns each environment's place in line and the locks replaced.
 */
export async function breakGlass(
  ports: DeployPorts,
  request: BreakGlassRequest,
): Promise<{
  queued: { environment: string; position: number }[];
  replaced: { environment: string; pr: number }[];
}> {
  const queued: { environment: string; position: number }[] = [];
  const replaced: { environment: string; pr: number }[] = [];
  for (const environment of request.environments) {
    const before = (await ports.store.readState(environment)).lock;
    if (before && before.pr !== request.pr) replaced.push({ environment, pr: before.pr });
    await ports.store.updateState(environment, (s) => ({
      ...s,
      lock: { pr: request.pr, sha: request.sha, by: request.login, since: ports.now(), kind: "break-glass" },
      updatedAt: ports.now(),
    }));
    const intent = { kind: "rollback" as const, model: request.model, commit: request.sha, pr: request.pr };
    const { position } = await ports.store.enqueue(environment, intent, request.login);
    queued.push({ environment, position });
  }
  return { queued, replaced };
}

/**
 * The executor's half: applies the rollback pull request's head to the environment through the cluster
 * engine (write-ahead inventory, health, rollback on failure), then moves the model's alias or stage like
 * a deploy. No approvals, no gates, no deploy record: the default branch's commit stays the applied one, so
 * the merge of the rollback pull request deploys over it normally. A registry failure leaves the steps
 * pending; queued again (`/slipway retry` on the pull request), it only finishes them.
 */
export async function applyBreakGlass(
  ports: DeployPorts,
  queued: QueuedIntent & { intent: RollbackIntent },
): Promise<StepResult> {
  const { environment } = queued;
  const { model, commit, pr } = queued.intent;
  const skip = (note: string): StepResult => ({ outcome: "skipped", note, report: null });
  const state = await ports.store.readState(environment);
  const lock = state.lock;
  if (lock?.kind !== "break-glass" || lock.pr !== pr || lock.sha !== commit)
    return skip(`#${pr} no longer holds \`${environment}\` for a break-glass rollback; nothing was applied`);
  const head = await snapshotAt(ports, commit);
  if ("problem" in head) return { outcome: "failure", note: head.problem, report: null };
  const declared = head.snapshot.config?.value.environments.find((e) => e.name === environment);
  const binding = ports.binding?.environments[environment];
  const port = binding ? ports.cluster(environment, binding) : null;
  const manifest = head.snapshot.manifests.Model.get(model);
  if (!declared || !binding || !port || !manifest)
    return skip(`\`${environment}\` is not declared and bound with \`${model}\` at ${short(commit)}`);
  const tracker = await connect(ports, head.snapshot);
  if ("problem" in tracker)
    return { outcome: "failure", note: `not applied: ${tracker.problem}`, report: null };
  const version = String(manifest.value.spec.registry.version);
  const what = `#${pr}'s break-glass rollback of \`${model}\` to version ${version}`;
  const pending = state.pending?.commit === commit ? state.pending : null;

  // A canary rollout under way gives way first (issue #22): its traffic goes back to the stable version
  // and its revision is held, so no later step re-applies its split over the rollback.
  if (state.rollout && !pending)
    await rollBack(ports, {
      environment,
      rollout: state.rollout,
      reason: `#${pr}'s break-glass rollback took the environment`,
      hold: true,
    });
  if (!pending)
    await settleAbandonedDeployments(ports, { sha: commit, environment, executor: queued.claimedBy });
  const deploymentId =
    pending?.deploymentId ??
    (await ports.github.createDeployment({
      sha: commit,
      environment,
      description: `Break-glass: Slipway rolls ${model} back to version ${version} (PR #${pr})`,
      productionEnvironment: Boolean(declared.production || binding.production),
      payload: { intent: queued.id, pr, breakGlass: true },
    }));
  let report = null;
  if (!pending) {
    await ports.github.setDeploymentStatus(deploymentId, "in_progress", { description: "applying" });
    const source = await desiredSource(tracker.tracker, head.snapshot, environment, binding, commit);
    if ("problem" in source) return failed(ports, deploymentId, `not applied: ${source.problem}`, null);
    await ports.store.updateState(environment, (s) => ({ ...s, phase: "applying", updatedAt: ports.now() }));
    const applied = await applyToCluster(ports, {
      environment,
      snapshot: head.snapshot,
      source: source.source,
      tracker: tracker.tracker,
      binding,
      port,
    });
    await ports.store.updateState(environment, (s) => ({ ...s, phase: "idle", updatedAt: ports.now() }));
    if ("fault" in applied) return failed(ports, deploymentId, applied.fault, null);
    report = applied.report;
    if (report.outcome !== "applied" && report.outcome !== "no-op")
      return failed(
        ports,
        deploymentId,
        `${report.outcome}: ${report.reason ?? "the apply did not complete"}`,
        report,
      );
  }
  try {
    await applyRegistry(tracker.tracker, [{ name: model, manifest: manifest.value }], declared);
  } catch (error) {
    const reason = registryFailure(error);
    await ports.store.updateState(environment, (s) => ({
      ...s,
      phase: "failed",
      pending: { commit, intentId: queued.id, steps: ["registry", "deployment"], reason, deploymentId },
      updatedAt: ports.now(),
    }));
    await ports.github.setDeploymentStatus(deploymentId, "failure", {
      description: `${reason}; /slipway retry completes it`,
    });
    return {
      outcome: "partial",
      note: `${what}: ${reason}. \`/slipway retry\` completes it without applying again.`,
      report,
    };
  }
  await ports.github.setDeploymentStatus(deploymentId, "success", {
    description: `break-glass: ${model} version ${version} is serving`,
    ...(binding.url ? { environmentUrl: binding.url } : {}),
  });
  await ports.store.updateState(environment, (s) => ({
    ...s,
    phase: "idle",
    pending: s.pending?.commit === commit ? null : s.pending,
    updatedAt: ports.now(),
  }));
  return {
    outcome: "success",
    note: `\`${environment}\` runs ${what} (${short(commit)}), locked to #${pr} until it merges, closes or \`/slipway unlock\``,
    report,
  };
}

async function failed(
  ports: DeployPorts,
  deploymentId: number,
  note: string,
  report: StepResult["report"],
): Promise<StepResult> {
  await ports.github.setDeploymentStatus(deploymentId, "failure", { description: note });
  return { outcome: "failure", note: `break-glass: ${note}`, report };
}

/**
 * `/slipway retry` on a rollback pull request whose break-glass apply left the registry behind: queues
 * the same rollback again in each such environment; the executor then only finishes the pending steps.
 */
export async function retryBreakGlass(
  ports: DeployPorts,
  pr: number,
  login: string,
): Promise<{ refused: string } | { queued: string[] }> {
  const queued: string[] = [];
  for (const environment of Object.keys(ports.binding?.environments ?? {})) {
    const state = await ports.store.readState(environment);
    const { lock, pending } = state;
    if (lock?.kind !== "break-glass" || lock.pr !== pr || pending?.commit !== lock.sha) continue;
    const earlier = (await ports.store.list(environment)).find((q) => q.id === pending.intentId);
    if (earlier?.intent.kind !== "rollback") continue;
    await ports.store.enqueue(environment, earlier.intent, login);
    queued.push(environment);
  }
  if (queued.length === 0)
    return { refused: "nothing is pending for this pull request's break-glass rollback." };
  return { queued };
}
