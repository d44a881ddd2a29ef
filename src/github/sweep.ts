import type { Context, Probot } from "probot";
import type { ReviewTarget } from "../workflows/review-ports.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { reviewTargetOf } from "./pull-request-target.ts";

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
 */
export function startSweep(app: Probot, options: { sweepIntervalMs: number }, review: Review): void {
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
