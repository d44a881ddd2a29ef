import { githubBranchWrites } from "../github/branch-write-github.ts";
import type { DeployContext, Repo } from "../github/deploy-events.ts";
import { maskCredentials } from "../github/mask-credentials.ts";
import type { InstallationOctokit } from "../github/octokit.ts";
import { githubRetrainPulls } from "../github/retrain-pulls-github.ts";
import { connectBoundTracker } from "../tracker/connect-bound-tracker.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import type { LoopLog, LoopMetrics, LoopPorts } from "../workflows/loop/loop-ports.ts";
import { pipelineSyncPorts } from "./pipeline-sync-ports.ts";

/**
 * The loop's ports for one repository (issue #19): the pipeline ports of issue #18, GitHub through the
 * installation (the default branch, comments, branch writes, candidate pull requests of the app's bot),
 * and MLflow as the binding names it.
 */
export function githubLoopPorts(
  ctx: DeployContext,
  octokit: InstallationOctokit,
  repo: Repo,
  deps: { bot: () => Promise<string>; log: LoopLog; metrics: LoopMetrics },
): LoopPorts {
  const sync = pipelineSyncPorts(ctx, octokit, repo);
  const env = ctx.setup.env;
  return {
    ...sync,
    async defaultBranch() {
      const { data } = await octokit.rest.repos.get(repo);
      const { data: ref } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${data.default_branch}` });
      return { name: data.default_branch, head: ref.object.sha };
    },
    connectTracker: (integration) =>
      connectBoundTracker(sync.binding, integration, env, nodeSecretReader(env)),
    async comment(issue, body) {
      const { data } = await octokit.rest.issues.createComment({
        ...repo,
        issue_number: issue,
        body: maskCredentials(body),
      });
      return data.id;
    },
    branches: githubBranchWrites(octokit, repo),
    pulls: githubRetrainPulls(octokit, repo, deps.bot),
    log: deps.log,
    metrics: deps.metrics,
  };
}
