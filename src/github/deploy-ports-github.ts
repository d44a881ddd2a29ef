import { healthCheck } from "../cluster/apply/check-health.ts";
import { connectKubeCluster } from "../cluster/kube-cluster.ts";
import { waitGone } from "../cluster/wait-gone.ts";
import { connectBoundLiveMetrics } from "../live-metrics/connect-bound-live-metrics.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import type { EnvironmentStore } from "../state/environment-store.ts";
import { connectBoundTracker } from "../tracker/connect-bound-tracker.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import type { DeployPorts } from "../workflows/deploy/deploy-ports.ts";
import { githubDeployPort } from "./deployments-github.ts";
import type { InstallationOctokit } from "./octokit.ts";

export interface GitHubDeployPortsDeps {
  octokit: InstallationOctokit;
  appId: number;
  binding: ServerBinding | null;
  /** A commit's platform files: through the repository's git mirror, else the API (server/repo-reads.ts). */
  readTree: (ref: string) => Promise<SourceTree>;
  store: EnvironmentStore;
  env: NodeJS.ProcessEnv;
}

/**
 * The longest one deploy waits, all objects together, for objects it re-creates to finish being deleted
 * (a Flux uninstall, a KServe teardown); beyond, the object fails and the next deploy re-creates it.
 */
export const DELETION_WAIT_MS = 120_000;

/** The longest a deploy waits for changed models to become healthy (`SLIPWAY_HEALTH_TIMEOUT_SECONDS`, default 600). */
export function healthTimeoutMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.SLIPWAY_HEALTH_TIMEOUT_SECONDS ?? 600);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 600_000;
}

/**
 * How old a running intent's claim must be before another executor takes it over (its executor died):
 * `SLIPWAY_TAKEOVER_AFTER_SECONDS`, by default the health timeout plus five minutes for the apply and the
 * registry moves. Never less than the health timeout plus 5 s, so a live executor still in its health
 * wait is never taken over; an invalid value falls back to the default.
 */
export function takeoverAfterMs(env: NodeJS.ProcessEnv): number {
  const health = healthTimeoutMs(env);
  const text = env.SLIPWAY_TAKEOVER_AFTER_SECONDS;
  const seconds = text === undefined || text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) return health + 5 * 60_000;
  return Math.max(seconds * 1000, health + 5_000);
}

/** The deploy workflow's ports for one repository: GitHub through the installation, clusters, MLflow. */
export function githubDeployPorts(
  target: { owner: string; repo: string },
  deps: GitHubDeployPortsDeps,
): DeployPorts {
  const { octokit, env } = deps;
  const repo = { owner: target.owner, repo: target.repo };
  return {
    repo: `${target.owner}/${target.repo}`,
    store: deps.store,
    github: githubDeployPort(repo, { octokit, appId: deps.appId }),
    binding: deps.binding,
    readTree: deps.readTree,
    async pull(number) {
      try {
        const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
        return { number, headSha: data.head.sha, author: data.user?.login ?? "" };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
    cluster(_environment, binding) {
      const c = binding.cluster;
      if (!c.inCluster && !c.kubeconfig && !c.context) return null;
      return connectKubeCluster(c, { env, retry: { maxAttempts: 1 } });
    },
    connectTracker: (integration) =>
      connectBoundTracker(deps.binding, integration, env, nodeSecretReader(env)),
    connectLiveMetrics: (integration) =>
      connectBoundLiveMetrics(deps.binding, integration, nodeSecretReader(env)),
    healthCheck: (port) =>
      healthCheck(port, {
        timeoutMs: healthTimeoutMs(env),
        pollMs: 1_000,
        firstPollMs: 50,
        concurrency: 8,
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      }),
    // Within the five minutes the takeover default leaves beyond the health wait (see above).
    waitGone: (port) =>
      waitGone(port, {
        timeoutMs: DELETION_WAIT_MS,
        pollMs: 2_000,
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      }),
    now: () => new Date().toISOString(),
  };
}
