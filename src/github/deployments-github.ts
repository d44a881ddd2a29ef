import type {
  CommitOrder,
  CreateDeploymentInput,
  DeployGitHubPort,
  DeploymentStatusInput,
  DeploymentStatusValue,
} from "../workflows/deploy/deploy-github-port.ts";
import { GitHubCallFault, githubMessage, toGitHubCallFault } from "./github-call-fault.ts";
import { maskCredentials, truncateChars } from "./mask-credentials.ts";
import type { InstallationOctokit } from "./octokit.ts";

/** GitHub's limits: a deployment status description (140) and a comment (65,536), in characters. */
const MAX_DESCRIPTION = 140;
const MAX_COMMENT = 65_536;
const COMMENT_CUT = "\n\n… (cut to GitHub's comment size limit)";

/** Deployment states that say the deploy is still going (GitHub lists statuses newest first). */
const UNFINISHED = new Set(["in_progress", "queued", "pending"]);

export interface GitHubDeployDeps {
  octokit: InstallationOctokit;
  appId: number;
  /** Secret values (tokens, passwords) to mask wherever they might appear, besides GitHub's token formats. */
  secrets?: readonly string[];
}

/** The deploy workflow's GitHub side for one repository (issue #9). */
export function githubDeployPort(
  target: { owner: string; repo: string },
  deps: GitHubDeployDeps,
): DeployGitHubPort {
  const { octokit, appId } = deps;
  const repo = { owner: target.owner, repo: target.repo };
  const secrets = deps.secrets ?? [];
  const mask = (text: string): string => maskCredentials(text, secrets);
  const describe = (text: string): string => truncateChars(mask(text), MAX_DESCRIPTION);
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toGitHubCallFault(operation, error, secrets);
    }
  };
  const short = (sha: string): string => sha.slice(0, 12);

  return {
    createDeployment: (input: CreateDeploymentInput) =>
      call(`creating the ${input.environment} deployment of ${short(input.sha)}`, async () => {
        const response = await octokit.rest.repos.createDeployment({
          ...repo,
          ref: input.sha,
          environment: input.environment,
          description: describe(input.description),
          production_environment: input.productionEnvironment,
          transient_environment: false,
          // A SHA is deployed as it is: no merging of the default branch, no status-check gate
          // (Slipway checks its own gates before it deploys).
          auto_merge: false,
          required_contexts: [],
          payload: JSON.parse(mask(JSON.stringify(input.payload))) as Record<string, unknown>,
        });
        const { data } = response;
        if (!("id" in data))
          throw new GitHubCallFault(
            "creating a deployment",
            `GitHub answered ${response.status}: ${mask(data.message ?? "")}`,
            response.status,
          );
        return data.id;
      }),

    setDeploymentStatus: (id: number, state: DeploymentStatusValue, input: DeploymentStatusInput) =>
      call(`setting deployment ${id} to ${state}`, async () => {
        await octokit.rest.repos.createDeploymentStatus({
          ...repo,
          deployment_id: id,
          state,
          description: describe(input.description),
          ...(input.environmentUrl ? { environment_url: mask(input.environmentUrl) } : {}),
          ...(input.logUrl ? { log_url: mask(input.logUrl) } : {}),
        });
      }),

    unfinishedDeployments: (sha: string, environment: string) =>
      call(`listing the ${environment} deployments of ${short(sha)}`, async () => {
        const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
          ...repo,
          sha,
          environment,
          per_page: 100,
        });
        const unfinished: number[] = [];
        // Only this app's: another app's deployment of the same commit is none of Slipway's business.
        for (const d of deployments.filter((x) => x.performed_via_github_app?.id === appId)) {
          const { data } = await octokit.rest.repos.listDeploymentStatuses({
            ...repo,
            deployment_id: d.id,
            per_page: 1,
          });
          const newest = data[0]?.state;
          if (newest === undefined || UNFINISHED.has(newest)) unfinished.push(d.id);
        }
        return unfinished;
      }),

    compareCommits: (base: string, head: string) =>
      call(`comparing ${short(base)} with ${short(head)}`, async (): Promise<CommitOrder> => {
        try {
          const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
            ...repo,
            basehead: `${base}...${head}`,
            // Only the status is needed; one commit per page keeps the answer small.
            per_page: 1,
          });
          return data.status;
        } catch (error) {
          // Unrelated histories (e.g. a rewritten branch): neither descends from the other.
          const status = (error as { status?: unknown }).status;
          if (status === 404 && /^No common ancestor between/.test(githubMessage(error) ?? ""))
            return "diverged";
          throw error;
        }
      }),

    checkConclusion: (sha: string, name: string) =>
      call(`reading check ${name} on ${short(sha)}`, async () => {
        const { data } = await octokit.rest.checks.listForRef({
          ...repo,
          ref: sha,
          check_name: name,
          filter: "latest",
          app_id: appId,
        });
        // Only this app's run counts: another app may post a check with the same name.
        const run = data.check_runs.find((r) => r.app?.id === appId);
        return run?.conclusion ?? null;
      }),

    pullsForCommit: (sha: string) =>
      call(`finding the pull requests merged as ${short(sha)}`, async () => {
        const pulls = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
          ...repo,
          commit_sha: sha,
          per_page: 100,
        });
        // GitHub also lists pull requests that merely contain the commit; only the merge counts here.
        const merged = pulls.filter((p) => p.merged_at !== null && p.merge_commit_sha === sha);
        return [...new Set(merged.map((p) => p.number))].sort((a, b) => a - b);
      }),

    comment: (pr: number, body: string) =>
      call(`commenting on pull request #${pr}`, async () => {
        const masked = mask(body);
        const fitted =
          [...masked].length <= MAX_COMMENT
            ? masked
            : [...masked].slice(0, MAX_COMMENT - COMMENT_CUT.length).join("") + COMMENT_CUT;
        await octokit.rest.issues.createComment({ ...repo, issue_number: pr, body: fitted });
      }),
  };
}
