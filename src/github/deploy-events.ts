import type { Context, Probot } from "probot";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { EnvironmentStore } from "../state/environment-store.ts";
import {
  approveCommand,
  deployAndDrain,
  type MergedPull,
  retryCommand,
} from "../workflows/deploy/deploy-commands.ts";
import type { DeployPorts } from "../workflows/deploy/deploy-ports.ts";
import { drainEnvironment, type ExecutorOptions } from "../workflows/deploy/run-executor.ts";
import type { BlobCache } from "./blob-cache.ts";
import { githubDeployPorts, healthTimeoutMs } from "./deploy-ports-github.ts";
import type { InstallationOctokit } from "./octokit.ts";

export interface DeploySetup {
  /** The environment store of a repository (SQLite in embedded mode, the cluster otherwise). */
  store: (repository: string, binding: ServerBinding | null) => EnvironmentStore;
  env: NodeJS.ProcessEnv;
  /** This process's executor identity. */
  executor: string;
  /** Cluster mode: drains run only while holding the environment's Lease (absent in embedded mode). */
  exclusive?: (repository: string, binding: ServerBinding | null) => ExecutorOptions["exclusive"];
  /** Drain at start and on this interval what a dead executor left or another replica queued. */
  recovery?: { intervalMs: number; stop: AbortSignal };
}

export interface DeployContext {
  appId: number;
  cache: BlobCache;
  binding: (repository: string) => ServerBinding | null;
  setup: DeploySetup;
  /** Runs a job in the repository's deploy line (one at a time per repository in this process). */
  later: (key: string, log: Context["log"], job: () => Promise<void>) => void;
}

export type Repo = { owner: string; repo: string };
export const deployKey = (repo: Repo) => `deploy:${repo.owner}/${repo.repo}`;

export function portsOf(ctx: DeployContext, octokit: InstallationOctokit, repo: Repo): DeployPorts {
  const repository = `${repo.owner}/${repo.repo}`;
  const binding = ctx.binding(repository);
  return githubDeployPorts(repo, {
    octokit,
    appId: ctx.appId,
    binding,
    cache: ctx.cache,
    store: ctx.setup.store(repository, binding),
    env: ctx.setup.env,
  });
}

export function executorOptions(
  ctx: DeployContext,
  ports: DeployPorts,
  branch: string,
  log: Context["log"],
): ExecutorOptions {
  const exclusive = ctx.setup.exclusive?.(ports.repo, ports.binding);
  return {
    executor: ctx.setup.executor,
    branch,
    // A claim older than the longest health wait plus five minutes for the apply and the registry
    // moves belongs to an executor that died mid-deploy: another takes the intent over.
    staleAfterMs: healthTimeoutMs(ctx.setup.env) + 5 * 60_000,
    ...(exclusive ? { exclusive } : {}),
    report: async (pr, text) => {
      if (pr === null) log.info({ repository: ports.repo }, text);
      else await ports.github.comment(pr, text);
    },
  };
}

/** A push to the default branch deploys its commit along the environments that follow the branch. */
export function wireDeploys(app: Probot, ctx: DeployContext): void {
  app.on("push", async (context) => {
    const p = context.payload;
    const branch = p.repository.default_branch;
    if (p.deleted || p.ref !== `refs/heads/${branch}`) return;
    const repo = context.repo();
    const log = context.log.child({ sha: p.after });
    ctx.later(deployKey(repo), log, async () => {
      const ports = portsOf(ctx, context.octokit as InstallationOctokit, repo);
      const [pr] = await ports.github.pullsForCommit(p.after);
      await deployAndDrain(
        ports,
        { commit: p.after, branch, pr: pr ?? null },
        executorOptions(ctx, ports, branch, log),
      );
    });
  });
}

/** `/slipway approve` and `/slipway retry` on a merged pull request; the reply, or null when none is due. */
export function deployCommandRunners(
  ctx: DeployContext,
  octokit: InstallationOctokit,
  repo: Repo,
  log: Context["log"],
) {
  const pullOf = async (number: number): Promise<MergedPull> => {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
    return {
      number,
      author: data.user?.login ?? "",
      mergeCommit: data.merged ? (data.merge_commit_sha ?? null) : null,
      baseBranch: data.base.ref,
    };
  };
  return {
    approve: async (number: number, login: string): Promise<string> => {
      const ports = portsOf(ctx, octokit, repo);
      const pull = await pullOf(number);
      const result = await approveCommand(ports, pull, login, (who, approvers) =>
        isApprover(octokit, who, approvers),
      );
      if ("refused" in result) return result.refused;
      ctx.later(deployKey(repo), log, () =>
        deployAndDrain(ports, result.approved, executorOptions(ctx, ports, pull.baseBranch, log)),
      );
      return `approved \`${result.environment}\`; the deploy goes on.`;
    },
    retry: async (number: number, login: string): Promise<string> => {
      const ports = portsOf(ctx, octokit, repo);
      const pull = await pullOf(number);
      const result = await retryCommand(ports, pull, login);
      if ("refused" in result) return result.refused;
      ctx.later(deployKey(repo), log, async () => {
        for (const environment of result.queued)
          await drainEnvironment(ports, environment, executorOptions(ctx, ports, pull.baseBranch, log));
      });
      return `completing the deploy in ${result.queued.map((e) => `\`${e}\``).join(", ")}.`;
    },
  };
}

/** `@login` by name, `@org/team` by active membership (GitHub's teams API; members: read). */
async function isApprover(
  octokit: InstallationOctokit,
  login: string,
  approvers: readonly string[],
): Promise<boolean> {
  for (const approver of approvers) {
    const [org, team] = approver.slice(1).split("/");
    if (!team) {
      if (org?.toLowerCase() === login.toLowerCase()) return true;
      continue;
    }
    try {
      const { data } = await octokit.rest.teams.getMembershipForUserInOrg({
        org: org ?? "",
        team_slug: team,
        username: login,
      });
      if (data.state === "active") return true;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  }
  return false;
}
