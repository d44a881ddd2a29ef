import type { Probot } from "probot";
import { AppInstallations } from "../github/app-installations.ts";
import type { DeployContext, Repo } from "../github/deploy-events.ts";
import { maskCredentials } from "../github/mask-credentials.ts";
import { githubTrackingIssues } from "../github/tracking-issue-github.ts";
import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import { detectPipelineDrift } from "../workflows/pipelines/pipeline-drift.ts";
import { pipelineDriftIssue } from "../workflows/pipelines/pipeline-drift-issue.ts";
import { ReconcileSchedule, type Timers } from "../workflows/reconcile/reconcile-schedule.ts";
import { syncAndReport } from "./pipeline-sync.ts";
import { pipelineSyncPorts } from "./pipeline-sync-ports.ts";

export interface PipelineReconcileOptions {
  serverConfig: ServerConfig | null;
  /** The reconcile interval (`SLIPWAY_RECONCILE_INTERVAL_SECONDS`); 0: off. */
  intervalMs: number;
  stop: AbortSignal;
  /** Queues a job in the server's keyed queue (false when full). */
  enqueue: (key: string, job: () => Promise<void>) => boolean;
  /** The repository's deploy line (`deployKey`). */
  line: (repo: Repo) => string;
  random?: () => number;
  timers?: Timers;
}

const NODE_TIMERS: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Repositories bound (exactly) with a `kfp` integration: known from the configuration alone. */
function boundRepositories(config: ServerConfig | null): string[] {
  return (config?.bindings ?? [])
    .filter((b) => !b.repository.endsWith("/*"))
    .filter((b) => Object.values(b.integrations ?? {}).some((i) => i.type === "kfp"))
    .map((b) => b.repository);
}

/**
 * Kubeflow Pipelines' side of the reconcile loop (issue #18), per repository, in its deploy line: the
 * default branch's head is synced if it was not (a missed webhook, a sync that failed because KFP was
 * down), then every recurring run Slipway recorded is read back and compared with what it applied; a
 * difference is config drift, told in one issue (`Config drift in Kubeflow Pipelines`) that closes
 * itself once KFP matches git again. Repositories bound by `owner/*` join when a push is seen.
 */
export function startPipelineReconcile(app: Probot, ctx: DeployContext, options: PipelineReconcileOptions) {
  const installations = new AppInstallations(app);
  const schedule = new ReconcileSchedule({
    intervalMs: options.intervalMs,
    random: options.random ?? Math.random,
    timers: options.timers ?? NODE_TIMERS,
    stop: options.stop,
    run: (repository) => pass(repository),
    onError: (repository, error) => {
      installations.forget(repository);
      app.log.warn(
        { repository, reason: maskCredentials(String((error as Error)?.message ?? error)) },
        "pipelines reconcile pass failed; it runs again at the next interval",
      );
    },
  });
  schedule.add(boundRepositories(options.serverConfig));

  const pass = (repository: string): Promise<void> => {
    const [owner = "", name = ""] = repository.split("/");
    const repo = { owner, repo: name };
    const log = app.log.child({ repository, name: "pipelines" });
    return new Promise<void>((resolve, reject) => {
      const queued = options.enqueue(options.line(repo), async () => {
        try {
          if (options.stop.aborted) return resolve();
          const { installation, branch } = await installations.of(repository);
          const octokit = await installations.octokit(installation);
          const ports = pipelineSyncPorts(ctx, octokit, repo);
          if (Object.keys((await ports.records.read()).recurring).length === 0 && !ports.binding)
            return resolve();
          const head = (await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;
          await syncAndReport(ctx, octokit, repo, head, log);
          const drift = await detectPipelineDrift(ports);
          if (drift.unreadable.length > 0 && drift.checked === 0) {
            log.warn(
              { reasons: drift.unreadable.map((r) => maskCredentials(r)) },
              "pipelines: KFP could not be read",
            );
            return resolve();
          }
          const issues = githubTrackingIssues(octokit, { ...repo, appSlug: await installations.appSlug() });
          const result = await issues.upsert(pipelineDriftIssue(drift));
          log.info(
            { drifted: drift.items.length, checked: drift.checked, issue: result.number },
            "pipelines: reconciled",
          );
          resolve();
        } catch (error) {
          reject(error);
        }
      });
      if (!queued) resolve();
    });
  };

  return {
    /** A push to the default branch: reconcile this repository's Pipelines right after its sync. */
    afterPush(repo: Repo, installed: { installation: number; branch: string; cloneUrl: string }) {
      const repository = `${repo.owner}/${repo.repo}`;
      installations.remember(repository, installed);
      schedule.add([repository]);
      schedule.now(repository);
    },
  };
}

/** Starts the loop; a push to the default branch passes over its repository after the sync queued for it. */
export function wirePipelineReconcile(
  app: Probot,
  ctx: DeployContext,
  options: PipelineReconcileOptions,
): void {
  if (options.intervalMs <= 0) return;
  const loop = startPipelineReconcile(app, ctx, options);
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
}
