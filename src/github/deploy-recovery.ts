import type { Probot } from "probot";
import { recoverDeploys } from "../workflows/deploy/recover-deploys.ts";
import { type DeployContext, deployKey, executorOptions, portsOf } from "./deploy-events.ts";
import type { InstallationOctokit } from "./octokit.ts";

/**
 * Issue #9, item 1: at start and then on an interval, every repository of every installation whose
 * binding declares environments gets a recovery job in its deploy line: environments with queued
 * intents, or a running one whose executor died, are drained (in cluster mode by whoever holds the
 * environment's Lease; the others' drains return at once). Stops when `stop` aborts (shutdown).
 */
export function startDeployRecovery(
  app: Probot,
  ctx: DeployContext,
  options: { intervalMs: number; stop: AbortSignal },
): void {
  let running = false;
  const recover = async () => {
    if (running || options.stop.aborted) return;
    running = true;
    try {
      const appOctokit = await app.auth();
      const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
        per_page: 100,
      });
      for (const installation of installations) {
        const octokit = (await app.auth(installation.id)) as InstallationOctokit;
        const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
          per_page: 100,
        });
        for (const { owner, name, default_branch: branch } of repos) {
          const repo = { owner: owner.login, repo: name };
          const binding = ctx.binding(`${repo.owner}/${repo.repo}`);
          if (!binding || Object.keys(binding.environments).length === 0) continue;
          const log = app.log.child({ repository: `${repo.owner}/${repo.repo}` });
          ctx.later(deployKey(repo), log, async () => {
            const ports = portsOf(ctx, octokit, repo);
            const drained = await recoverDeploys(ports, executorOptions(ctx, ports, branch, log));
            if (drained.length > 0) log.info({ environments: drained }, "recovered pending deploys");
          });
        }
      }
    } catch (error) {
      app.log.error({ err: error }, "deploy recovery failed; it runs again at the next interval");
    } finally {
      running = false;
    }
  };
  void recover();
  if (options.intervalMs <= 0) return;
  const timer = setInterval(recover, options.intervalMs);
  timer.unref();
  options.stop.addEventListener("abort", () => clearInterval(timer), { once: true });
}
