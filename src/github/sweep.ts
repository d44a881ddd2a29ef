import type { Context, Probot } from "probot";
import { resumeTime } from "../report/deferred-review-output.ts";
import type { RateBudget } from "../server/rate-budget.ts";
import type { ReviewTarget } from "../workflows/review-ports.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { reviewTargetOf } from "./pull-request-target.ts";
import { rateLimitKeyOf } from "./rate-limit-plugin.ts";

type Review = (
  octokit: InstallationOctokit,
  target: ReviewTarget,
  log: Context["log"],
  force: boolean,
) => void;

/** Most open pull requests one sweep looks at, so a sweep stays bounded on large installations. */
const MAX_PULLS_PER_SWEEP = 2000;

/**
 * GitHub does not redeliver a webhook that failed, so at start and then on an interval every open
 * pull request is queued for review; the review itself skips heads that already have completed
 * `slipway/validate` and `slipway/gates` checks, so a sweep costs two requests per reviewed pull request.
 * It is background work (issue #20): an installation whose REST budget is below its floor is left
 * until its window resets, keeping what is left for reviews of new heads and deploys.
 */
export function startSweep(
  app: Probot,
  options: { sweepIntervalMs: number; budget?: RateBudget },
  review: Review,
): void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      let seen = 0;
      const appOctokit = await app.auth();
      const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
        per_page: 100,
      });
      for (const installation of installations) {
        const octokit = (await app.auth(installation.id)) as InstallationOctokit;
        const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
          per_page: 100,
        });
        const key = rateLimitKeyOf(octokit);
        const until = key && options.budget ? options.budget.waitUntil(key, "background") : null;
        if (until !== null) {
          app.log.warn(
            { installation: installation.id, until: new Date(until).toISOString() },
            `sweep of installation ${installation.id} deferred to ${resumeTime(until)}: its GitHub API budget is below the floor kept for reviews of new heads`,
          );
          continue;
        }
        for (const repo of repos) {
          const pulls = await octokit.paginate(octokit.rest.pulls.list, {
            owner: repo.owner.login,
            repo: repo.name,
            state: "open",
            per_page: 100,
          });
          for (const pr of pulls) {
            if (++seen > MAX_PULLS_PER_SWEEP) return;
            review(octokit, reviewTargetOf(pr, repo.default_branch), app.log, false);
          }
        }
      }
    } catch (error) {
      app.log.error({ err: error }, "sweep of open pull requests failed; it runs again at the next interval");
    } finally {
      running = false;
    }
  };
  void sweep();
  setInterval(sweep, options.sweepIntervalMs).unref();
}
