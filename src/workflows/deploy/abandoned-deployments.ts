import type { DeployPorts } from "./deploy-ports.ts";

/**
 * Issue #9: an executor that dies mid-deploy leaves its GitHub Deployment `in_progress`, and the
 * executor that takes the intent over runs it again under a new Deployment. Before that new one is
 * created, each unfinished Deployment of this app for the same (environment, commit) is marked `error`,
 * so the environment's history on GitHub never shows a deploy that is still running when none is.
 * Only the holder of the intent's claim reaches this point, so no live deploy is marked.
 */
export async function settleAbandonedDeployments(
  ports: DeployPorts,
  target: { sha: string; environment: string; executor: string | null },
): Promise<number[]> {
  const abandoned = await ports.github.unfinishedDeployments(target.sha, target.environment);
  const by = target.executor ? `taken over by ${target.executor}` : "taken over by another executor";
  for (const id of abandoned)
    await ports.github.setDeploymentStatus(id, "error", {
      description: `the executor stopped mid-deploy; ${by}`,
    });
  return abandoned;
}
