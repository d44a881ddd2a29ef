import { performance } from "node:perf_hooks";
import type { Probot } from "probot";
import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import { type ReconcileMetrics, reconcileEnvironment } from "../workflows/reconcile/reconcile-pass.ts";
import { ReconcileSchedule, type Timers } from "../workflows/reconcile/reconcile-schedule.ts";
import { type DeployContext, deployKey, executorOptions, portsOf, type Repo } from "./deploy-events.ts";
import { maskCredentials } from "./mask-credentials.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { githubTrackingIssues } from "./tracking-issue-github.ts";

export interface ReconcileLoopOptions {
  serverConfig: ServerConfig | null;
  /** `SLIPWAY_RECONCILE_INTERVAL_SECONDS` in milliseconds; 0: no loop. */
  intervalMs: number;
  stop: AbortSignal;
  metrics: ReconcileMetrics;
  /** Queues a job in the server's keyed queue (false when full): passes run in the repository's deploy line. */
  enqueue: (key: string, job: () => Promise<void>) => boolean;
  random?: () => number;
  timers?: Timers;
}

export interface ReconcileLoop {
  /** A push deploy of `repo` was queued: pass over its environments right after it, in its deploy line. */
  afterPush(repo: Repo, installationId: number, defaultBranch: string): void;
}

interface Installed {
  installation: number;
  branch: string;
}

const NODE_TIMERS: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Issue #10: `slipway serve` reconciles every bound environment that names a cluster on a jittered
 * interval, and at once after a push deploy. Each pass runs in the repository's deploy line (never beside
 * a deploy of this process) and, in cluster mode, only in the replica holding the environment's executor
 * Lease. A failed pass is logged with credentials masked and counted as `failed`; the loop goes on.
 */
export function startReconcileLoop(
  app: Probot,
  ctx: DeployContext,
  options: ReconcileLoopOptions,
): ReconcileLoop {
  const known = new Map<string, Installed>();
  const targets = boundTargets(options.serverConfig);
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
  if (options.intervalMs > 0) schedule.add(targets.map((t) => t.key));

  // The app's slug names its bot, the author of the issues it keeps (found again only if the bot wrote them).
  let slug: Promise<string> | null = null;
  const appSlug = () => {
    slug ??= app
      .auth()
      .then(async (appOctokit) => (await appOctokit.rest.apps.getAuthenticated()).data?.slug ?? "");
    slug.catch(() => {
      slug = null;
    });
    return slug;
  };

  const installedAt = async (repository: string): Promise<Installed> => {
    const found = known.get(repository);
    if (found) return found;
    const [owner = "", repo = ""] = repository.split("/");
    const appOctokit = await app.auth();
    const { data } = await appOctokit.rest.apps.getRepoInstallation({ owner, repo });
    const octokit = (await app.auth(data.id)) as InstallationOctokit;
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    const branch = repos.find((r) => r.full_name === repository)?.default_branch ?? "main";
    const installed = { installation: data.id, branch };
    known.set(repository, installed);
    return installed;
  };

  const pass = (target: string): Promise<void> => {
    const [repository = "", environment = ""] = target.split(" ");
    const [owner = "", name = ""] = repository.split("/");
    const repo = { owner, repo: name };
    const log = app.log.child({ repository, environment });
    return new Promise<void>((resolve, reject) => {
      const queued = options.enqueue(deployKey(repo), async () => {
        try {
          const { installation, branch } = await installedAt(repository);
          const octokit = (await app.auth(installation)) as InstallationOctokit;
          const ports = portsOf(ctx, octokit, repo);
          const result = await reconcileEnvironment(
            {
              deploy: ports,
              issues: githubTrackingIssues(octokit, { ...repo, appSlug: await appSlug() }),
              metrics: options.metrics,
              elapsedMs: () => performance.now(),
            },
            environment,
            executorOptions(ctx, ports, branch, log),
          );
          log.info(
            {
              outcome: result.outcome,
              objects: result.drift?.objects.length ?? null,
              issue: result.issue?.number ?? null,
            },
            `reconcile: ${maskCredentials(result.note)}`,
          );
          resolve();
        } catch (error) {
          // The app may have been reinstalled (a new installation id): look it up again next time.
          known.delete(repository);
          reject(error);
        }
      });
      // A full queue drops the pass; the next interval comes anyway.
      if (!queued) resolve();
    });
  };

  return {
    afterPush(repo, installation, branch) {
      const repository = `${repo.owner}/${repo.repo}`;
      known.set(repository, { installation, branch });
      for (const t of targets) if (t.repository === repository) schedule.now(t.key);
    },
  };
}

/** `owner/repo environment` of every environment the server binds to a cluster. */
function boundTargets(config: ServerConfig | null): { key: string; repository: string }[] {
  const out: { key: string; repository: string }[] = [];
  for (const binding of config?.bindings ?? [])
    for (const [environment, bound] of Object.entries(binding.environments)) {
      const c = bound.cluster;
      if (c.inCluster || c.kubeconfig || c.context)
        out.push({ key: `${binding.repository} ${environment}`, repository: binding.repository });
    }
  return out;
}

/** Starts the loop, and passes over a repository's environments after each push deploy of its default branch. */
export function wireReconcile(app: Probot, ctx: DeployContext, options: ReconcileLoopOptions): ReconcileLoop {
  const loop = startReconcileLoop(app, ctx, options);
  // Registered after the deploy's own push handler: this pass queues behind the deploy in the same line.
  app.on("push", async (context) => {
    const p = context.payload;
    const branch = p.repository.default_branch;
    if (p.deleted || p.ref !== `refs/heads/${branch}` || !p.installation) return;
    loop.afterPush(context.repo(), p.installation.id, branch);
  });
  return loop;
}
