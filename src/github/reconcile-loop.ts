import { performance } from "node:perf_hooks";
import type { Probot } from "probot";
import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import { mirrorSource, type RepoMirrors } from "../server/repo-mirrors.ts";
import { describeFault } from "../workflows/faults.ts";
import { checkRegistryDrift, type RegistryDriftPorts } from "../workflows/loop/registry-drift.ts";
import { type ReconcileMetrics, reconcileEnvironment } from "../workflows/reconcile/reconcile-pass.ts";
import { ReconcileSchedule, type Timers } from "../workflows/reconcile/reconcile-schedule.ts";
import { AppInstallations } from "./app-installations.ts";
import { exactTargets, type Installed, type Target } from "./bound-targets.ts";
import { type DeployContext, deployKey, executorOptions, portsOf, type Repo } from "./deploy-events.ts";
import { maskCredentials } from "./mask-credentials.ts";
import { githubTrackingIssues } from "./tracking-issue-github.ts";
import { WildcardTargets } from "./wildcard-targets.ts";

export interface ReconcileLoopOptions {
  serverConfig: ServerConfig | null;
  /** `SLIPWAY_RECONCILE_INTERVAL_SECONDS` in milliseconds; 0: no loop. */
  intervalMs: number;
  stop: AbortSignal;
  metrics: ReconcileMetrics & RegistryDriftPorts["metrics"];
  /** Queues a job in the server's keyed queue (false when full): passes run in the repository's deploy line. */
  enqueue: (key: string, job: () => Promise<void>) => boolean;
  random?: () => number;
  timers?: Timers;
  /** The repositories' git mirrors, shared with reviews and deploys. */
  mirrors: RepoMirrors;
}

export interface ReconcileLoop {
  /** A push deploy of `repo` was queued: pass over its environments right after it, in its deploy line. */
  afterPush(repo: Repo, installed: Installed): void;
}

const NODE_TIMERS: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Issue #10: `slipway serve` reconciles every bound environment that names a cluster on a jittered
 * interval, and at once after a push deploy. Each pass runs in the repository's deploy line (never beside
 * a deploy of this process) and, in cluster mode, only in the replica holding the environment's executor
 * Lease. Commits are read through one git mirror per repository (its GitHub `clone_url`, a fresh
 * installation token per fetch, or the binding's `git.url`), kept between passes and closed on shutdown.
 * `owner/*` bindings are expanded to the installations' repositories at start and on each interval.
 * A failed pass is logged with credentials masked and counted as `failed`; the loop goes on.
 */
export function startReconcileLoop(
  app: Probot,
  ctx: DeployContext,
  options: ReconcileLoopOptions,
): ReconcileLoop {
  const config = options.serverConfig;
  const installations = new AppInstallations(app);
  const exact = exactTargets(config);
  // Targets passes run for: exact bindings' from the start, `owner/*` ones once discovered.
  const active = new Set(exact.map((t) => t.key));
  const { mirrors } = options;
  const schedule = new ReconcileSchedule({
    intervalMs: options.intervalMs,
    random: options.random ?? Math.random,
    timers: options.timers ?? NODE_TIMERS,
    stop: options.stop,
    run: (target) => pass(target),
    onError: (target, error) => {
      const [repository = "", environment = ""] = target.split(" ");
      options.metrics.recordReconcile(environment, "failed", 0);
      app.log.warn(
        { repository, environment, reason: maskCredentials(String((error as Error)?.message ?? error)) },
        "reconcile pass failed; it runs again at the next interval",
      );
    },
  });
  const schedules = (targets: readonly Target[]) => {
    for (const t of targets) active.add(t.key);
    schedule.add(targets.map((t) => t.key));
  };
  if (options.intervalMs > 0) schedules(exact);

  const wildcards = new WildcardTargets({
    config,
    installations,
    log: app.log,
    found: schedules,
    gone: (keys) => {
      for (const key of keys) active.delete(key);
    },
  });
  if (options.intervalMs > 0 && wildcards.any) wildcards.start(app, options.intervalMs, options.stop);

  const pass = (target: string): Promise<void> => {
    // A repository no longer visible to an `owner/*` binding, or a shutdown under way: nothing to do.
    if (!active.has(target) || options.stop.aborted) return Promise.resolve();
    const [repository = "", environment = ""] = target.split(" ");
    const [owner = "", name = ""] = repository.split("/");
    const repo = { owner, repo: name };
    const log = app.log.child({ repository, environment });
    return new Promise<void>((resolve, reject) => {
      const queued = options.enqueue(deployKey(repo), async () => {
        const started = performance.now();
        try {
          if (options.stop.aborted) return resolve();
          const { installation, branch, cloneUrl } = await installations.of(repository);
          const octokit = await installations.octokit(installation);
          const github = portsOf(ctx, octokit, repo);
          const source = mirrorSource(github.binding, cloneUrl, installations.tokenFor(repository));
          const ports = { ...github, readTree: mirrors.readTree(repository, source) };
          const issues = githubTrackingIssues(octokit, { ...repo, appSlug: await installations.appSlug() });
          const executor = executorOptions(ctx, ports, branch, log);
          const result = await reconcileEnvironment(
            { deploy: ports, issues, metrics: options.metrics, elapsedMs: () => performance.now() },
            environment,
            executor,
          );
          log.info(
            {
              outcome: result.outcome,
              objects: result.drift?.objects.length ?? null,
              issue: result.issue?.number ?? null,
            },
            `reconcile: ${maskCredentials(result.note)}`,
          );
          await registryPass(
            {
              deploy: ports,
              issues,
              metrics: options.metrics,
              ...(executor.exclusive ? { exclusive: executor.exclusive } : {}),
            },
            environment,
            log,
          );
          resolve();
        } catch (error) {
          // The app may have been reinstalled (a new installation id): look it up again next time.
          installations.forget(repository);
          if ((error as Error)?.name !== "GitMirrorFault") return reject(error);
          // The repository could not be read: the pass failed, in the mirror's own credential-free words.
          const seconds = (performance.now() - started) / 1000;
          options.metrics.recordReconcile(environment, "failed", seconds);
          log.warn({ outcome: "failed" }, `reconcile: ${maskCredentials(describeFault(error))}`);
          resolve();
        }
      });
      // A full queue drops the pass; the next interval comes anyway.
      if (!queued) resolve();
    });
  };

  return {
    afterPush(repo, installed) {
      const repository = `${repo.owner}/${repo.repo}`;
      installations.remember(repository, installed);
      wildcards.pushed(repository);
      for (const key of active)
        if (key.split(" ")[0]?.toLowerCase() === repository.toLowerCase()) schedule.now(key);
    },
  };
}

/**
 * Registry drift by polling (issue #19, item 3), after the cluster's pass: the promotion aliases a
 * production environment owns, against MLflow — what MLflow's webhooks tell at once, caught here too when
 * no webhook is registered or a delivery was missed (Slipway down, MLflow's retries spent). A fault is a
 * warning; the cluster's pass stands.
 */
async function registryPass(
  ports: RegistryDriftPorts,
  environment: string,
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void },
): Promise<void> {
  try {
    for (const o of await checkRegistryDrift(ports, [environment], null))
      if (o.outcome === "drifted" || o.outcome === "healed" || o.outcome === "failed")
        log.info({ ...o }, "registry drift checked");
  } catch (error) {
    log.warn({ reason: maskCredentials(describeFault(error)) }, "registry drift check failed");
  }
}

/** Starts the loop, and passes over a repository's environments after each push deploy of its default branch. */
export function wireReconcile(app: Probot, ctx: DeployContext, options: ReconcileLoopOptions): ReconcileLoop {
  const loop = startReconcileLoop(app, ctx, options);
  // Registered after the deploy's own push handler: this pass queues behind the deploy in the same line.
  app.on("push", async (context) => {
    const p = context.payload;
    const branch = p.repository.default_branch;
    if (p.deleted || p.ref !== `refs/heads/${branch}` || !p.installation) return;
    loop.afterPush(context.repo(), {
      installation: p.installation.id,
      branch,
      cloneUrl: p.repository.clone_url,
    });
  });
  return loop;
}
