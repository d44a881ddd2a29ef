import { applyEnvironment } from "../../cluster/apply/apply-environment.ts";
import { applySettings } from "../../cluster/apply/apply-settings.ts";
import type { DesiredSource } from "../../cluster/apply/live-plan.ts";
import { DEFAULT_MAX_PRUNE_SHARE } from "../../cluster/apply/prune-guard.ts";
import { type ClusterPort, isClusterFault } from "../../cluster/cluster-port.ts";
import { InventoryError } from "../../cluster/inventory/inventory-error.ts";
import { inventoryLocation } from "../../cluster/inventory/inventory-store.ts";
import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import { validateRepo } from "../../manifests/validate-repo.ts";
import { servedVersionsFrom } from "../../plan/served-versions.ts";
import type { RolloutPin } from "../../render/canary-split.ts";
import type { EnvironmentBinding, ServedVersion } from "../../render/render-context.ts";
import { renderEnvironment } from "../../render/render-environment.ts";
import type { ApplyReport } from "../../report/apply-report.ts";
import { wholePins } from "../../rollout/rollout-pins.ts";
import { rolloutTargets } from "../../rollout/rollout-targets.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import { trackerFaultWords } from "../evidence/tracker-fault-words.ts";
import { supersedeRollout } from "../rollout/roll-back.ts";
import { connectRolloutMetrics } from "../rollout/rollout-metrics.ts";
import { rolloutUnderWay, startRollout } from "../rollout/start-rollout.ts";
import { settleAbandonedDeployments } from "./abandoned-deployments.ts";
import { applyRegistry } from "./apply-registry.ts";
import type { DeployPorts } from "./deploy-ports.ts";
import { short } from "./deploy-words.ts";
import { resolveArtifacts } from "./resolve-artifacts.ts";

export interface StepResult {
  /** `rolling-out`: a rollout is under way (issue #22); the deploy moves on when it takes all traffic. */
  outcome: "success" | "failure" | "partial" | "no-op" | "skipped" | "rolling-out";
  /** Plain words for the intent's note and the report on the pull request. */
  note: string;
  report: ApplyReport | null;
  /** Markdown said on the pull request below the note (a rollout step's table of checks). */
  details?: string;
  /** Nothing worth telling the pull request (a rollout looked at before its step came due). */
  quiet?: boolean;
  /** Other pull requests to tell (a rollout's, when a newer merge superseded it). */
  tell?: { pr: number; text: string }[];
}

export interface DeployStep {
  environment: string;
  commit: string;
  intentId: number;
  /** The merged head passed `slipway/gates` (recorded, so rollbacks only go back to such revisions). */
  gatesPassed: boolean;
  /** The executor running the step (named on a Deployment an earlier, dead executor left unfinished). */
  executor?: string | null;
  /** The merged pull request, told of each rollout step. */
  pr?: number | null;
}

/**
 * One deploy intent for one environment (DESIGN.md §4, order of side effects): check ancestry and
 * holds, render with artifact URIs resolved through MLflow, apply through the cluster engine (write-ahead
 * inventory, prune, health, rollback), then move the MLflow alias or stage, then mark the GitHub
 * Deployment. A failure after the cluster step is a partial deploy that `/slipway retry` completes.
 */
export async function deployEnvironment(ports: DeployPorts, step: DeployStep): Promise<StepResult> {
  const rollout = (await ports.store.readState(step.environment)).rollout;
  if (rollout?.commit === step.commit) return skip("rolling-out", rolloutUnderWay(rollout, step.environment));
  if (!rollout) return deployCommit(ports, step);
  // A newer commit supersedes a rollout in progress: its traffic goes back to the stable version
  // first, then this commit deploys from there (it may start a rollout of its own); both are said.
  const superseded = await supersedeRollout(ports, step.environment, rollout, step.commit);
  const result = await deployCommit(ports, step);
  const said = `⏪ ${superseded.note}`;
  return {
    ...result,
    details: result.details ? `${said}\n\n${result.details}` : said,
    ...(rollout.pr !== null
      ? { tell: [{ pr: rollout.pr, text: `⏪ **${step.environment}**: ${superseded.note}` }] }
      : {}),
  };
}

async function deployCommit(ports: DeployPorts, step: DeployStep): Promise<StepResult> {
  const { environment, commit } = step;
  const state = await ports.store.readState(environment);
  if (state.appliedCommit === commit)
    return skip("no-op", `\`${environment}\` already runs ${short(commit)}`);
  if (state.heldRevision?.commit === commit)
    return skip(
      "skipped",
      `${short(commit)} failed in \`${environment}\` before and is held; it is not re-applied by itself`,
    );
  if (state.appliedCommit) {
    const order = await ports.github.compareCommits(state.appliedCommit, commit);
    if (order === "identical") return skip("no-op", `\`${environment}\` already runs this revision`);
    if (order === "behind")
      return skip(
        "skipped",
        `${short(commit)} is already part of ${short(state.appliedCommit)}, the newer commit \`${environment}\` runs; an older commit is never deployed over a newer one`,
      );
    if (order !== "ahead")
      return skip(
        "skipped",
        `${short(commit)} does not descend from ${short(state.appliedCommit)}, which \`${environment}\` runs; an older commit is never deployed over a newer one`,
      );
  }
  const head = await snapshotAt(ports, commit);
  if ("problem" in head) return skip("failure", head.problem);
  const declared = head.snapshot.config?.value.environments.find((e) => e.name === environment);
  const binding = ports.binding?.environments[environment];
  if (!declared || !binding)
    return skip("failure", `\`${environment}\` is not declared and bound for ${short(commit)}`);
  const port = ports.cluster(environment, binding);
  if (!port) return skip("failure", `the server binds no cluster for \`${environment}\``);

  await settleAbandonedDeployments(ports, { sha: commit, environment, executor: step.executor ?? null });
  const deploymentId = await ports.github.createDeployment({
    sha: commit,
    environment,
    description: `Slipway deploys ${short(commit)}`,
    productionEnvironment: Boolean(declared.production),
    payload: { intent: step.intentId },
  });
  await ports.github.setDeploymentStatus(deploymentId, "in_progress", { description: "applying" });
  const fail = async (note: string, report: ApplyReport | null, hold: boolean): Promise<StepResult> => {
    await ports.store.updateState(environment, (s) => ({
      ...s,
      phase: hold ? "failed" : s.phase === "applying" ? "idle" : s.phase,
      heldRevision: hold ? { commit, reason: note, at: ports.now() } : s.heldRevision,
      updatedAt: ports.now(),
    }));
    await ports.github.setDeploymentStatus(deploymentId, "failure", { description: note });
    await ports.store.recordDeploy({
      environment,
      commit,
      models: versions(head.snapshot),
      outcome: "failure",
      gatesPassed: step.gatesPassed,
      at: ports.now(),
    });
    return { outcome: "failure", note, report };
  };

  const tracker = await connect(ports, head.snapshot);
  if ("problem" in tracker) return fail(`not applied: ${tracker.problem}`, null, false);
  const metrics = await connectRolloutMetrics(ports, head.snapshot, environment);
  if (metrics && "unavailable" in metrics)
    return fail(`not applied: canary checks cannot be evaluated: ${metrics.unavailable}`, null, false);
  let served: ReadonlyMap<string, ServedVersion> = new Map();
  const source = await desiredSource(tracker.tracker, head.snapshot, environment, binding, commit, {
    onServed: (live) => {
      served = live;
    },
  });
  if ("problem" in source) return fail(`not applied: ${source.problem}`, null, false);

  await ports.store.updateState(environment, (s) => ({ ...s, phase: "applying", updatedAt: ports.now() }));
  const applied = await applyToCluster(ports, {
    environment,
    snapshot: head.snapshot,
    source: source.source,
    tracker: tracker.tracker,
    binding,
    port,
  });
  if ("fault" in applied) return fail(applied.fault, null, true);
  const report = applied.report;
  if (report.outcome !== "applied" && report.outcome !== "no-op") {
    const serving =
      report.outcome === "rolled-back" && state.appliedCommit
        ? `; ${short(state.appliedCommit)} still serves`
        : "";
    return fail(
      `${report.outcome}: ${report.reason ?? "the apply did not complete"}${serving}`,
      report,
      true,
    );
  }

  const targets = rolloutTargets(head.snapshot, environment, served);
  if (targets.length > 0)
    return startRollout(ports, {
      environment,
      commit,
      previousCommit: state.appliedCommit,
      pr: step.pr ?? null,
      intentId: step.intentId,
      deploymentId,
      gatesPassed: step.gatesPassed,
      snapshot: head.snapshot,
      targets,
    });
  await ports.store.updateState(environment, (s) => ({
    ...s,
    phase: "verifying",
    appliedCommit: commit,
    updatedAt: ports.now(),
  }));
  return finishSteps(
    ports,
    { ...step, deploymentId, snapshot: head.snapshot, declared, tracker: tracker.tracker, binding },
    report,
  );
}

/** Registry, then the Deployment's success: the steps after the cluster, shared with `/slipway retry`. */
export async function finishSteps(
  ports: DeployPorts,
  step: DeployStep & {
    deploymentId: number;
    snapshot: PlatformSnapshot;
    declared: { name: string; production?: boolean };
    tracker: Tracker;
    binding: EnvironmentBinding;
  },
  report: ApplyReport | null,
): Promise<StepResult> {
  const { environment, commit } = step;
  const models = [...step.snapshot.manifests.Model].map(([name, m]) => ({ name, manifest: m.value }));
  try {
    await applyRegistry(step.tracker, models, step.declared);
  } catch (error) {
    const reason = registryFailure(error);
    await ports.store.updateState(environment, (s) => ({
      ...s,
      phase: "failed",
      pending: {
        commit,
        intentId: step.intentId,
        steps: ["registry", "deployment"],
        reason,
        deploymentId: step.deploymentId,
      },
      updatedAt: ports.now(),
    }));
    await ports.github.setDeploymentStatus(step.deploymentId, "failure", {
      description: `${reason}; /slipway retry completes it`,
    });
    return {
      outcome: "partial",
      note: `${reason}. \`/slipway retry\` completes it without applying again.`,
      report,
    };
  }
  await ports.github.setDeploymentStatus(step.deploymentId, "success", {
    description: `${short(commit)} is serving`,
    ...(step.binding.url ? { environmentUrl: step.binding.url } : {}),
  });
  await ports.store.recordDeploy({
    environment,
    commit,
    models: versions(step.snapshot),
    outcome: "success",
    gatesPassed: step.gatesPassed,
    at: ports.now(),
  });
  await ports.store.updateState(environment, (s) => ({
    ...s,
    phase: "idle",
    appliedCommit: commit,
    heldRevision: null,
    pending: null,
    rollout: null,
    updatedAt: ports.now(),
  }));
  return { outcome: "success", note: `\`${environment}\` runs ${short(commit)}`, report };
}

/**
 * Server-side apply of a rendered source through the cluster engine: write-ahead inventory, prune within
 * the repository's share, health, and a rollback that re-renders the last good commit. A cluster or
 * inventory fault comes back as words; anything else is a bug and propagates.
 */
export async function applyToCluster(
  ports: DeployPorts,
  target: {
    environment: string;
    snapshot: PlatformSnapshot;
    source: DesiredSource;
    tracker: Tracker;
    binding: EnvironmentBinding;
    port: ClusterPort;
  },
): Promise<{ report: ApplyReport } | { fault: string }> {
  const { environment, binding, port } = target;
  try {
    const report = await applyEnvironment(
      target.source,
      applySettings(port, inventoryLocation(environment, binding.namespaces), {
        prune: true,
        maxPruneShare: target.snapshot.config?.value.policy?.prune?.maxShare ?? DEFAULT_MAX_PRUNE_SHARE,
        waitHealthy: ports.healthCheck(port),
        waitGone: ports.waitGone?.(port) ?? null,
        renderCommit: async (good) => {
          const earlier = await snapshotAt(ports, good);
          if ("problem" in earlier) throw new Error(earlier.problem);
          // The last good commit serves its own version alone: no split against what failed.
          const rendered = await desiredSource(target.tracker, earlier.snapshot, environment, binding, good, {
            rollout: wholePins(earlier.snapshot.manifests.Model.keys()),
          });
          if ("problem" in rendered) throw new Error(rendered.problem);
          return rendered.source;
        },
      }),
    );
    return { report };
  } catch (error) {
    if (!isClusterFault(error) && !(error instanceof InventoryError)) throw error;
    return { fault: `the cluster failed: ${error.message}` };
  }
}

export async function snapshotAt(
  ports: DeployPorts,
  commit: string,
): Promise<{ snapshot: PlatformSnapshot } | { problem: string }> {
  const result = validateRepo(await ports.readTree(commit), { binding: ports.binding });
  if (!result.ok)
    return {
      problem: `${short(commit)} does not validate (${result.summary.errors} error(s)); nothing was applied`,
    };
  return { snapshot: result.snapshot };
}

export async function connect(
  ports: DeployPorts,
  snapshot: PlatformSnapshot,
): Promise<{ tracker: Tracker } | { problem: string }> {
  if (snapshot.manifests.Model.size === 0) return { tracker: NO_TRACKER };
  const connection = await ports.connectTracker(snapshot.config?.value.integrations.tracking ?? null);
  if ("unavailable" in connection)
    return { problem: connection.unavailable.replace(/^evidence unavailable: /, "") };
  return { tracker: connection.tracker };
}

export interface SourceOptions {
  /** The splits a rollout pins (issue #22); without, a canary splits against the live served version. */
  rollout?: ReadonlyMap<string, RolloutPin>;
  /** Told the versions the live objects serve, each time the source is rendered against them. */
  onServed?: (served: ReadonlyMap<string, ServedVersion>) => void;
}

export async function desiredSource(
  tracker: Tracker,
  snapshot: PlatformSnapshot,
  environment: string,
  binding: EnvironmentBinding,
  commit: string,
  options: SourceOptions = {},
): Promise<{ source: DesiredSource } | { problem: string }> {
  const resolved = await resolveArtifacts(tracker, snapshot, environment);
  if ("problem" in resolved) return resolved;
  return {
    source: (live) => {
      const servedVersions = servedVersionsFrom(live);
      options.onServed?.(servedVersions);
      return renderEnvironment({
        snapshot,
        environment,
        binding,
        commit,
        artifactUris: resolved.uris,
        servedVersions,
        ...(options.rollout ? { rollout: options.rollout } : {}),
      });
    },
  };
}

function versions(snapshot: PlatformSnapshot): Record<string, string> {
  return Object.fromEntries(
    [...snapshot.manifests.Model].map(([name, m]) => [name, String(m.value.spec.registry.version)]),
  );
}

function skip(outcome: StepResult["outcome"], note: string): StepResult {
  return { outcome, note, report: null };
}

export { short };

/** A repository without models needs no tracker; any call would be a bug. */
const NO_TRACKER = new Proxy({} as Tracker, {
  get: () => () => Promise.reject(new Error("no tracker: the repository declares no Model")),
});

/** Why a deploy stopped after the cluster took it: the registry move failed (MLflow's words, no retry hint). */
export function registryFailure(error: unknown): string {
  const words = trackerFaultWords(error)
    .replace(/^evidence unavailable: /, "")
    .replace(/; retry with .*$/, "");
  return `applied to the cluster, but the MLflow registry was not updated: ${words}`;
}
