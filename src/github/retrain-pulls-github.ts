import type { RetrainPull, RetrainPullsPort } from "../workflows/loop/loop-ports.ts";
import { toGitHubCallFault } from "./github-call-fault.ts";
import { maskCredentials, truncateChars } from "./mask-credentials.ts";
import type { InstallationOctokit } from "./octokit.ts";

/** Pages of 100 open pull requests read when looking for the open candidate of a model. */
const MAX_PAGES = 10;
const MAX_BODY = 65_536;

/**
 * Slipway's candidate pull requests over the Pulls API (`RetrainPullsPort`). A pull request counts only
 * when this app's bot opened it from a branch of its own naming in this repository, so a person's
 * branch that happens to be named alike is never taken over.
 */
export function githubRetrainPulls(
  octokit: InstallationOctokit,
  repo: { owner: string; repo: string },
  bot: () => Promise<string>,
): RetrainPullsPort {
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toGitHubCallFault(what, error);
    }
  };
  return {
    openFor: (model) =>
      call(`listing the open pull requests of ${repo.owner}/${repo.repo}`, async () => {
        const login = (await bot()).toLowerCase();
        const prefix = `slipway/retrain/${model}-v`;
        for (let page = 1; page <= MAX_PAGES; page++) {
          const { data } = await octokit.rest.pulls.list({ ...repo, state: "open", per_page: 100, page });
          const found = data.find(
            (p) =>
              p.user?.login.toLowerCase() === login &&
              p.head.repo?.full_name.toLowerCase() === `${repo.owner}/${repo.repo}`.toLowerCase() &&
              p.head.ref.startsWith(prefix) &&
              /^\d+$/.test(p.head.ref.slice(prefix.length)),
          );
          if (found)
            return {
              number: found.number,
              branch: found.head.ref,
              headSha: found.head.sha,
            } satisfies RetrainPull;
          if (data.length < 100) break;
        }
        return null;
      }),
    fromBranch: (branch) =>
      call(`listing the pull requests of ${branch}`, async () => {
        const { data } = await octokit.rest.pulls.list({
          ...repo,
          state: "all",
          head: `${repo.owner}:${branch}`,
          per_page: 10,
        });
        return data
          .filter((p) => p.head.ref === branch)
          .map((p) => ({
            number: p.number,
            state: p.state === "open" ? ("open" as const) : ("closed" as const),
          }));
      }),
    update: (number, change) =>
      call(`updating pull request #${number}`, async () => {
        await octokit.rest.pulls.update({
          ...repo,
          pull_number: number,
          title: maskCredentials(change.title),
          body: truncateChars(maskCredentials(change.body), MAX_BODY),
        });
      }),
  };
}
