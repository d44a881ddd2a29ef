import { breakGlass } from "../workflows/deploy/break-glass.ts";
import type { IsApprover } from "../workflows/deploy/deploy-commands.ts";
import type { DeployPorts } from "../workflows/deploy/deploy-ports.ts";
import { promoteCommand } from "../workflows/promote/promote-command.ts";
import type { CommandPull, PromotePorts } from "../workflows/promote/promote-ports.ts";
import { rollbackCommand } from "../workflows/promote/rollback-command.ts";
import { githubBranchWrites } from "./branch-write-github.ts";
import { GitHubCallFault } from "./github-call-fault.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { reviewTargetOf } from "./pull-request-target.ts";

/** What the deploy wiring lends these commands: its ports, its approvers' check and its deploy line. */
export interface PromoteWiring {
  ports: () => DeployPorts;
  isMember: IsApprover;
  /** Drains these environments in the repository's deploy line (the executor, one writer). */
  drain: (ports: DeployPorts, environments: readonly string[], branch: string) => void;
}

/**
 * `/slipway promote` and `/slipway rollback` on a pull request: read the pull request, run the workflow,
 * answer in one line. A break-glass rollback's applies run in the repository's deploy line.
 */
export function promoteCommandRunners(
  octokit: InstallationOctokit,
  repo: { owner: string; repo: string },
  wiring: PromoteWiring,
) {
  const promotePorts = (deploy: DeployPorts): PromotePorts => ({
    deploy,
    branches: githubBranchWrites(octokit, repo),
    branchHead: async (branch) =>
      (await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha,
    isMember: wiring.isMember,
  });
  const commandPull = async (number: number): Promise<CommandPull> => {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
    const target = reviewTargetOf(data, data.base.repo.default_branch ?? data.base.ref);
    return {
      number,
      state: data.merged ? "merged" : data.state === "open" ? "open" : "closed",
      headSha: data.head.sha,
      headRef: data.head.ref,
      fork: target.fork,
      defaultBranch: target.defaultBranch,
    };
  };
  // A write GitHub refused (the branch exists, the pull request could not be created) is an answer too.
  const answered = async (run: () => Promise<string>): Promise<string> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof GitHubCallFault) return `nothing more was written: ${error.message}`;
      throw error;
    }
  };
  return {
    promote: (number: number, login: string, request: { model: string; to?: string }) =>
      answered(async () => {
        const deploy = wiring.ports();
        const answer = await promoteCommand(promotePorts(deploy), await commandPull(number), {
          ...request,
          login,
        });
        if ("refused" in answer) return answer.refused;
        if ("committed" in answer)
          return `committed ${answer.committed.sha.slice(0, 7)} to \`${answer.committed.branch}\`: ${answer.committed.summary}.`;
        return `opened #${answer.opened.number} (${answer.opened.summary}): ${answer.opened.url}`;
      }),
    rollback: (number: number, login: string, request: { model: string; breakGlass: boolean }) =>
      answered(async () => {
        const deploy = wiring.ports();
        const pull = await commandPull(number);
        const answer = await rollbackCommand(promotePorts(deploy), pull, { ...request, login });
        if ("refused" in answer) return answer.refused;
        const { opened, plan } = answer;
        const line = `opened #${opened.number} (${opened.summary}): ${opened.url}`;
        if (!request.breakGlass) return `${line}. Merging it deploys the rollback.`;
        const environments = plan.environments.filter((e) => deploy.binding?.environments[e]);
        if (environments.length === 0)
          return `${line}. Break-glass applied nothing: this server binds none of its environments; merge it to deploy.`;
        const glass = await breakGlass(deploy, {
          model: plan.model,
          pr: opened.number,
          sha: opened.headSha,
          login,
          environments,
        });
        wiring.drain(
          deploy,
          glass.queued.map((q) => q.environment),
          pull.defaultBranch,
        );
        const taken = glass.replaced.map(
          (r) => ` \`${r.environment}\` was locked to #${r.pr}; break-glass took it over.`,
        );
        return `${line}. Break-glass: applying its head now to ${environments.map((e) => `\`${e}\``).join(", ")}, each locked to #${opened.number} until it merges, closes or \`/slipway unlock\` there.${taken.join("")}`;
      }),
  };
}
