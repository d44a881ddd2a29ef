import type { Context, Probot } from "probot";
import { meetsLevel } from "../commands/command-spec.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { syncAfterPush } from "../server/pipeline-sync.ts";
import type { RepoReads } from "../server/repo-reads.ts";
import type { RolloutTimers } from "../server/rollout-timers.ts";
import type { RolloutState } from "../state/environment-state.ts";
import type { EnvironmentStore } from "../state/environment-store.ts";
import type { PipelineRecordStore } from "../state/pipeline-records.ts";
import { retryBreakGlass } from "../workflows/deploy/break-glass.ts";
import {
  approveCommand,
  deployAndDrain,
  type MergedPull,
  retryCommand,
} from "../workflows/deploy/deploy-commands.ts";
import type { DeployPorts } from "../workflows/deploy/deploy-ports.ts";
import { applyCommand, releaseLocks, unlockCommand } from "../workflows/deploy/lock-commands.ts";
import { drainEnvironment, type ExecutorOptions } from "../workflows/deploy/run-executor.ts";
import { ROLLOUT_ACTIONS, rolloutCommand } from "../workflows/rollout/rollout-command.ts";
import { githubDeployPorts, takeoverAfterMs } from "./deploy-ports-github.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { permissionOf } from "./permission.ts";
import { promoteCommandRunners } from "./promote-runners.ts";
import { reviewTargetOf } from "./pull-request-target.ts";
import { readStickyComment } from "./sticky-comment-github.ts";

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
  /** Process-long: true the first time a key is to be said (see `ExecutorOptions.firstTime`). */
  firstTime?: (key: string) => boolean;
  /** Issue #22: timers for the next evaluation of each rollout in progress. Absent: the recovery sweep. */
  rollouts?: RolloutTimers;
  /** Issue #22: an environment's rollout after each executor step, for `/metrics` (null: none). */
  onRollout?: (repository: string, environment: string, rollout: RolloutState | null) => void;
  /** What Slipway created in Kubeflow Pipelines for a repository (beside its environment state). */
  pipelineRecords?: (repository: string, binding: ServerBinding | null) => PipelineRecordStore;
}

export interface DeployContext {
  appId: number;
  binding: (repository: string) => ServerBinding | null;
  /** The repository's reads through its git mirror (the API when git is unavailable). */
  reads: (octokit: InstallationOctokit, repo: Repo) => RepoReads;
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
    readTree: ctx.reads(octokit, repo).readTree,
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
    // A claim older than this belongs to an executor that died mid-deploy: another takes the intent over.
    staleAfterMs: takeoverAfterMs(ctx.setup.env),
    ...(exclusive ? { exclusive } : {}),
    ...(ctx.setup.firstTime ? { firstTime: ctx.setup.firstTime } : {}),
    ...(ctx.setup.rollouts ? { rolloutDue: rolloutDue(ctx, ctx.setup.rollouts, ports, branch, log) } : {}),
    ...(ctx.setup.onRollout
      ? { observeRollout: (environment, rollout) => ctx.setup.onRollout?.(ports.repo, environment, rollout) }
      : {}),
    report: async (pr, text) => {
      if (pr === null) log.info({ repository: ports.repo }, text);
      else await ports.github.comment(pr, text);
    },
  };
}

/** At a rollout's next evaluation: its `rollout` intent is queued and the environment drained. */
function rolloutDue(
  ctx: DeployContext,
  timers: RolloutTimers,
  ports: DeployPorts,
  branch: string,
  log: Context["log"],
): NonNullable<ExecutorOptions["rolloutDue"]> {
  const [owner = "", repo = ""] = ports.repo.split("/");
  return (environment, at, intent) =>
    timers.schedule(`${ports.repo} ${environment}`, at, () =>
      ctx.later(deployKey({ owner, repo }), log, async () => {
        await ports.store.enqueue(environment, { kind: "rollout", ...intent }, "rollout");
        await drainEnvironment(ports, environment, executorOptions(ctx, ports, branch, log));
      }),
    );
}

/**
 * A push to the default branch deploys its commit along the environments that follow the branch; a
 * pull request that merges or closes releases the environments it locked with `/slipway apply`.
 */
export function wireDeploys(app: Probot, ctx: DeployContext): void {
  app.on("pull_request.closed", async (context) => {
    const repo = context.repo();
    const number = context.payload.pull_request.number;
    const log = context.log.child({ pr: number });
    ctx.later(deployKey(repo), log, async () => {
      const ports = portsOf(ctx, context.octokit as InstallationOctokit, repo);
      // A merged break-glass rollback keeps its environments until its merge commit is deployed there:
      // until then they run the rollback, and git's previous commit must not be re-applied over it.
      const merged = context.payload.pull_request.merged === true;
      const freed = await releaseLocks(ports, number, undefined, { keepBreakGlass: merged });
      if (freed.length === 0) return;
      await ports.github.comment(
        number,
        `🔓 released ${freed.map((e) => `\`${e}\``).join(", ")} (this pull request was ${context.payload.pull_request.merged ? "merged" : "closed"}).`,
      );
      for (const environment of freed)
        await drainEnvironment(
          ports,
          environment,
          executorOptions(ctx, ports, context.payload.repository.default_branch, log),
        );
    });
  });
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
    // Issue #18: the recurring runs this commit declares, synced once, after its deploy in the same line.
    syncAfterPush(ctx, context.octokit as InstallationOctokit, repo, p.after, log, deployKey(repo));
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
      // An open rollback pull request whose break-glass apply left the registry behind completes the same way.
      const glass = pull.mergeCommit ? null : await retryBreakGlass(ports, number, login);
      const result = glass && "queued" in glass ? glass : await retryCommand(ports, pull, login);
      if ("refused" in result) return result.refused;
      ctx.later(deployKey(repo), log, async () => {
        for (const environment of result.queued)
          await drainEnvironment(ports, environment, executorOptions(ctx, ports, pull.baseBranch, log));
      });
      return `completing the deploy in ${result.queued.map((e) => `\`${e}\``).join(", ")}.`;
    },
    apply: async (
      number: number,
      login: string,
      request: { environment: string; plan?: string },
    ): Promise<string> => {
      const ports = portsOf(ctx, octokit, repo);
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
      const target = reviewTargetOf(data, data.base.repo.default_branch ?? "main");
      const answer = await applyCommand(ports, {
        pr: number,
        headSha: target.headSha,
        fork: target.fork,
        defaultBranch: target.defaultBranch,
        environment: request.environment,
        ...(request.plan ? { plan: request.plan } : {}),
        login,
        sticky: await readStickyComment(octokit, { ...repo, number }, ctx.appId),
      });
      if ("refused" in answer) return answer.refused;
      const { environment, position } = answer.queued;
      ctx.later(deployKey(repo), log, () =>
        drainEnvironment(ports, environment, executorOptions(ctx, ports, target.defaultBranch, log)),
      );
      return position > 1
        ? `\`${environment}\` is locked to this pull request; the apply is queued, position ${position}.`
        : `\`${environment}\` is locked to this pull request; applying ${target.headSha.slice(0, 7)}.`;
    },
    unlock: async (number: number, login: string, environment?: string): Promise<string> => {
      const ports = portsOf(ctx, octokit, repo);
      const maintainer = meetsLevel(await permissionOf(octokit, repo, login), "maintain");
      const answer = await unlockCommand(ports, {
        pr: number,
        maintainer,
        ...(environment ? { environment } : {}),
      });
      if ("refused" in answer) return answer.refused;
      if (answer.freed.length === 0) return "this pull request holds no lock.";
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
      drainFreed(ctx, ports, repo, answer.freed, data.base.repo.default_branch ?? data.base.ref, log);
      return `unlocked ${answer.freed.map((e) => `\`${e}\``).join(", ")}; what waited there goes on.`;
    },
    rollout: async (login: string, request: { action: string; environment: string }): Promise<string> => {
      const ports = portsOf(ctx, octokit, repo);
      const action = ROLLOUT_ACTIONS.find((a) => a === request.action);
      if (!action) return "say `pause`, `resume` or `abort`.";
      const answer = await rolloutCommand(ports, {
        action,
        environment: request.environment,
        login,
        isApprover: (who, approvers) => isApprover(octokit, who, approvers),
      });
      if ("refused" in answer) return answer.refused;
      const rollout = (await ports.store.readState(request.environment)).rollout;
      if (answer.run && rollout) {
        const { data } = await octokit.rest.repos.get(repo);
        ctx.later(deployKey(repo), log, async () => {
          const intent = { kind: "rollout" as const, commit: rollout.commit, pr: rollout.pr };
          await ports.store.enqueue(request.environment, intent, login);
          await drainEnvironment(
            ports,
            request.environment,
            executorOptions(ctx, ports, data.default_branch, log),
          );
        });
      }
      return answer.said;
    },
    ...promoteCommandRunners(octokit, repo, {
      ports: () => portsOf(ctx, octokit, repo),
      isMember: (login, list) => isApprover(octokit, login, list),
      drain: (ports, environments, branch) => drainFreed(ctx, ports, repo, environments, branch, log),
    }),
  };
}

/** Drains environments a released lock held back (or a break-glass rollback queued), in the repository's deploy line. */
function drainFreed(
  ctx: DeployContext,
  ports: DeployPorts,
  repo: Repo,
  freed: readonly string[],
  branch: string,
  log: Context["log"],
) {
  ctx.later(deployKey(repo), log, async () => {
    for (const environment of freed)
      await drainEnvironment(ports, environment, executorOptions(ctx, ports, branch, log));
  });
}

/**
 * `@login` by name, `@org/team` by active membership (GitHub's teams API; members: read). Approvers of
 * an environment and owners of a model are checked alike; names are compared before any team is asked.
 */
export async function isApprover(
  octokit: InstallationOctokit,
  login: string,
  approvers: readonly string[],
): Promise<boolean> {
  if (approvers.some((a) => a.toLowerCase() === `@${login.toLowerCase()}`)) return true;
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
