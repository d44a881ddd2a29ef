import type { Probot } from "probot";
import { AppInstallations } from "../github/app-installations.ts";
import { type DeployContext, deployKey, portsOf, type Repo } from "../github/deploy-events.ts";
import { maskCredentials } from "../github/mask-credentials.ts";
import type { MonitorExclusive } from "../github/monitor-lease.ts";
import type { InstallationOctokit } from "../github/octokit.ts";
import { githubTrackingIssues } from "../github/tracking-issue-github.ts";
import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import type { RegistryEvent } from "../tracker/mlflow-rest/webhook-event.ts";
import { candidateEnded, type EndedPull } from "../workflows/loop/candidate-ended.ts";
import { type DefaultBranch, followRetrains } from "../workflows/loop/follow-retrains.ts";
import type { LoopMetrics, LoopPorts } from "../workflows/loop/loop-ports.ts";
import { checkRegistryDrift } from "../workflows/loop/registry-drift.ts";
import { unstarted } from "../workflows/loop/retry-unstarted.ts";
import { triggerRetrains } from "../workflows/loop/trigger-retrains.ts";
import { versionCreated } from "../workflows/loop/version-created.ts";
import { ReconcileSchedule, type Timers } from "../workflows/reconcile/reconcile-schedule.ts";
import { githubLoopPorts } from "./loop-ports-github.ts";
import type { MonitorRunEvent, MonitorRunHub } from "./monitor-run-hub.ts";

export interface RetrainLoopOptions {
  serverConfig: ServerConfig | null;
  /** How often each repository's ended runs are followed up (0: only when told). */
  intervalMs: number;
  stop: AbortSignal;
  enqueue: (key: string, job: () => Promise<void>) => boolean;
  metrics: LoopMetrics;
  /** Cluster mode: follow-ups run only in the replica holding the monitors Lease, as the triggers do. */
  exclusive?: MonitorExclusive;
  /** The monitor poller's new run records: where drift triggers start. */
  monitorRuns?: MonitorRunHub;
  random?: () => number;
  timers?: Timers;
}

export interface RetrainLoop {
  /** Queues the work of a verified MLflow registry event for these repositories; false when the queue is full. */
  registryEvent(event: RegistryEvent, repositories: readonly string[]): boolean;
  /** Follows `repository`'s ended runs at once (a run was just seen ending). */
  followNow(repository: string): void;
  /** Says on the monitor issues that a candidate pull request was merged or closed; false when the queue is full. */
  pullClosed(repository: string, octokit: InstallationOctokit, pull: EndedPull): boolean;
}

const NODE_TIMERS: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const loopKey = (repository: string) => `retrain:${repository.toLowerCase()}`;

/**
 * The drift-to-candidate loop's runtime (issue #19): triggers run in the monitor poll (under its Lease);
 * each repository bound with Kubeflow Pipelines is followed up on an interval (ended runs → candidate
 * pull requests or notes on the monitor issue); MLflow's `model_version.created` proposes at once. Work of
 * one repository runs in its own line of the job queue, one job at a time.
 */
export function startRetrainLoop(app: Probot, ctx: DeployContext, options: RetrainLoopOptions): RetrainLoop {
  const installations = new AppInstallations(app);
  const log = app.log.child({ name: "retrain-loop" });
  const bot = async () => `${await installations.appSlug()}[bot]`;
  const portsFor = (octokit: InstallationOctokit, repo: Repo): LoopPorts =>
    githubLoopPorts(ctx, octokit, repo, { bot, log, metrics: options.metrics });
  const repoOf = (repository: string): Repo => {
    const [owner = "", name = ""] = repository.split("/");
    return { owner, repo: name };
  };
  const defaultBranchOf = async (ports: LoopPorts): Promise<DefaultBranch> => {
    const { name, head } = await ports.defaultBranch();
    const tree = await ports.readTree(head);
    // Pipelines and Models come from the default branch only (DESIGN.md §4).
    const { snapshot } = validateRepo(tree, { binding: ports.binding });
    return { name, head, tree, snapshot };
  };
  const exclusively = async (work: () => Promise<void>) => {
    if (!options.exclusive) return work();
    await options.exclusive(async () => work());
  };
  const failed = (repository: string, what: string) => (error: unknown) => {
    installations.forget(repository);
    log.warn(
      { repository, reason: maskCredentials(String((error as Error)?.message ?? error)) },
      `${what} failed`,
    );
  };

  options.monitorRuns?.on(async (event: MonitorRunEvent) => {
    const ports = portsFor(event.octokit, repoOf(event.repository));
    const { record, target } = event;
    await triggerRetrains(
      ports,
      event.defaultBranch,
      {
        monitor: record.monitor,
        environment: target.environment,
        runAt: record.runAt,
        status: record.status,
        columns: record.columns,
        report: record.report.html,
        ...(record.classification ? { classification: record.classification.metrics } : {}),
        ...(record.qualityProblems ? { qualityProblems: record.qualityProblems } : {}),
      },
      event.issue,
    );
    if (options.intervalMs > 0) schedule.add([event.repository]);
  });

  const follow = (repository: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const queued = options.enqueue(loopKey(repository), async () => {
        try {
          if (options.stop.aborted) return resolve();
          await exclusively(async () => {
            const { installation } = await installations.of(repository);
            const ports = portsFor(await installations.octokit(installation), repoOf(repository));
            const { runs } = await ports.records.read();
            if (runs.every((r) => r.followUp || (r.runId === null && !unstarted(r)))) return;
            const outcomes = await followRetrains(ports, await defaultBranchOf(ports));
            for (const o of outcomes)
              if (o.state !== "waiting") log.info({ repository, ...o }, "retrain followed up");
          });
          resolve();
        } catch (error) {
          reject(error);
        }
      });
      if (!queued) resolve();
    });

  const schedule = new ReconcileSchedule({
    intervalMs: Math.max(options.intervalMs, 1),
    random: options.random ?? Math.random,
    timers: options.timers ?? NODE_TIMERS,
    stop: options.stop,
    run: follow,
    onError: (repository, error) => failed(repository, "retrain follow-up")(error),
  });
  if (options.intervalMs > 0)
    schedule.add(
      (options.serverConfig?.bindings ?? [])
        .filter((b) => !b.repository.endsWith("/*"))
        .filter((b) => Object.values(b.integrations ?? {}).some((i) => i.type === "kfp"))
        .map((b) => b.repository),
    );

  /** Registry drift of a repository's environments, in its deploy line: never beside one of its deploys. */
  const registryCheck = (repository: string, models: ReadonlySet<string> | null): boolean =>
    options.enqueue(deployKey(repoOf(repository)), async () => {
      try {
        const { installation } = await installations.of(repository);
        const octokit = await installations.octokit(installation);
        const repo = repoOf(repository);
        const deploy = portsOf(ctx, octokit, repo);
        const exclusive = ctx.setup.exclusive?.(repository, deploy.binding);
        const outcomes = await checkRegistryDrift(
          {
            deploy,
            issues: githubTrackingIssues(octokit, { ...repo, appSlug: await installations.appSlug() }),
            metrics: options.metrics,
            ...(exclusive ? { exclusive } : {}),
          },
          Object.keys(deploy.binding?.environments ?? {}),
          models,
        );
        for (const o of outcomes) log.info({ repository, ...o }, "registry drift checked");
      } catch (error) {
        failed(repository, "registry drift check")(error);
      }
    });

  return {
    registryEvent(event, repositories) {
      let all = true;
      for (const repository of repositories) {
        if (event.kind === "alias-set" || event.kind === "alias-deleted") {
          all &&= registryCheck(repository, new Set([event.model]));
          continue;
        }
        if (event.kind !== "version-created") continue;
        const queued = options.enqueue(loopKey(repository), async () => {
          try {
            const { installation } = await installations.of(repository);
            const ports = portsFor(await installations.octokit(installation), repoOf(repository));
            const outcome = await versionCreated(ports, await defaultBranchOf(ports), event);
            log.info(
              { repository, model: event.model, version: event.version, ...outcome },
              "MLflow model_version.created",
            );
          } catch (error) {
            failed(repository, "MLflow model_version.created")(error);
          }
        });
        all &&= queued;
      }
      return all;
    },
    pullClosed(repository, octokit, pull) {
      return options.enqueue(loopKey(repository), async () => {
        try {
          const { issues } = await candidateEnded(portsFor(octokit, repoOf(repository)), pull);
          if (issues.length > 0)
            log.info(
              { repository, pull: pull.number, merged: pull.merged, issues },
              "candidate pull request ended",
            );
        } catch (error) {
          failed(repository, "candidate pull request ended")(error);
        }
      });
    },
    followNow(repository) {
      if (options.intervalMs <= 0)
        return void follow(repository).catch(failed(repository, "retrain follow-up"));
      schedule.add([repository]);
      schedule.now(repository);
    },
  };
}
