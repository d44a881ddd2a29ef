import type { Probot } from "probot";
import { AppInstallations } from "../github/app-installations.ts";
import type { DeployContext, Repo } from "../github/deploy-events.ts";
import { maskCredentials } from "../github/mask-credentials.ts";
import type { InstallationOctokit } from "../github/octokit.ts";
import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import { type RunCommentPort, trackRuns } from "../workflows/pipelines/track-runs.ts";
import { ReconcileSchedule, type Timers } from "../workflows/reconcile/reconcile-schedule.ts";
import { pipelineSyncPorts } from "./pipeline-sync-ports.ts";

export interface RunTrackerOptions {
  serverConfig: ServerConfig | null;
  /** `SLIPWAY_PIPELINE_POLL_INTERVAL_SECONDS` in milliseconds (default 30 s); 0: runs are not followed. */
  intervalMs: number;
  stop: AbortSignal;
  enqueue: (key: string, job: () => Promise<void>) => boolean;
  random?: () => number;
  timers?: Timers;
  /** Told once per run seen ending (issue #19: the drift-to-candidate loop follows it up). */
  onDone?: (repository: string) => void;
}

export interface RunTracker {
  /** Follows `repo`'s runs from now on (a retrain was just started there). */
  watch(repo: Repo, installation?: number): void;
}

const NODE_TIMERS: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The tracking comments of runs: created and edited by the app, credentials masked. */
export function githubRunComments(octokit: InstallationOctokit, repo: Repo): RunCommentPort {
  return {
    async create(issue, body) {
      const { data } = await octokit.rest.issues.createComment({
        ...repo,
        issue_number: issue,
        body: maskCredentials(body),
      });
      return data.id;
    },
    async update(id, body) {
      await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body: maskCredentials(body) });
    },
  };
}

/**
 * Follows the runs each repository started (issue #18) on a jittered interval: exact bindings with a
 * `kfp` integration from the start, others once a retrain was started there. Passes of one repository
 * never overlap and run in their own line of the job queue (they only read KFP and edit comments).
 */
export function startRunTracker(app: Probot, ctx: DeployContext, options: RunTrackerOptions): RunTracker {
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
        "pipeline run tracking failed; it runs again at the next interval",
      );
    },
  });
  if (options.intervalMs > 0)
    schedule.add(
      (options.serverConfig?.bindings ?? [])
        .filter((b) => !b.repository.endsWith("/*"))
        .filter((b) => Object.values(b.integrations ?? {}).some((i) => i.type === "kfp"))
        .map((b) => b.repository),
    );

  const pass = (repository: string): Promise<void> => {
    const [owner = "", name = ""] = repository.split("/");
    const repo = { owner, repo: name };
    return new Promise<void>((resolve, reject) => {
      const queued = options.enqueue(`pipeline-runs:${repository}`, async () => {
        try {
          if (options.stop.aborted) return resolve();
          const ports = pipelineSyncPorts(
            ctx,
            await installations.octokit((await installations.of(repository)).installation),
            repo,
          );
          const open = (await ports.records.read()).runs.some((r) => !r.done);
          if (!open) return resolve();
          const octokit = await installations.octokit((await installations.of(repository)).installation);
          const moved = await trackRuns(
            ports,
            githubRunComments(octokit, repo),
            options.onDone ? async () => options.onDone?.(repository) : undefined,
          );
          if (moved > 0) app.log.info({ repository, moved }, "pipeline runs: tracking comments updated");
          resolve();
        } catch (error) {
          reject(error);
        }
      });
      if (!queued) resolve();
    });
  };

  return {
    watch(repo, installation) {
      const repository = `${repo.owner}/${repo.repo}`;
      if (installation !== undefined)
        installations.remember(repository, { installation, branch: "", cloneUrl: "" });
      if (options.intervalMs > 0) schedule.add([repository]);
    },
  };
}
