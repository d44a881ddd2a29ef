import { type DeployContext, isApprover, type Repo } from "../github/deploy-events.ts";
import type { InstallationOctokit } from "../github/octokit.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { retrainCommand } from "../workflows/pipelines/retrain-command.ts";
import { pipelineSyncPorts } from "./pipeline-sync-ports.ts";
import { githubRunComments, type RunTracker } from "./run-tracker.ts";

/**
 * `/slipway retrain` on a pull request or issue: the default branch's head is read (never the pull
 * request's), the workflow decides and starts at most one run per comment, and the run tracker follows it.
 */
export function retrainRunner(
  ctx: DeployContext,
  octokit: InstallationOctokit,
  repo: Repo,
  defaultBranch: string,
  tracker: RunTracker,
  installation: number | undefined,
) {
  return async (
    issue: number,
    login: string,
    request: { pipeline: string; params: string[]; commentId: number },
  ) => {
    const ports = pipelineSyncPorts(ctx, octokit, repo);
    const head = (await octokit.rest.git.getRef({ ...repo, ref: `heads/${defaultBranch}` })).data.object.sha;
    const tree = await ports.readTree(head);
    // Manifests that passed their schema are usable even when another file of the branch has a problem.
    const { snapshot } = validateRepo(tree, { binding: ports.binding });
    const reply = await retrainCommand(
      {
        ...ports,
        comments: githubRunComments(octokit, repo),
        isMember: (who, owners) => isApprover(octokit, who, owners),
      },
      { snapshot, tree },
      {
        repo: ports.repo,
        issue,
        commentId: request.commentId,
        login,
        pipeline: request.pipeline,
        params: request.params,
      },
    );
    tracker.watch(repo, installation);
    return reply;
  };
}
