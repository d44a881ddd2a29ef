import type { Context } from "probot";
import type { DeployContext, Repo } from "../github/deploy-events.ts";
import { githubDeployPort } from "../github/deployments-github.ts";
import { maskCredentials } from "../github/mask-credentials.ts";
import type { InstallationOctokit } from "../github/octokit.ts";
import { type SyncOutcome, syncPipelines } from "../workflows/pipelines/sync-pipelines.ts";
import { pipelineSyncPorts } from "./pipeline-sync-ports.ts";

/**
 * Syncs a default-branch commit's recurring runs into Kubeflow Pipelines and tells the outcome on the
 * pull request that merged it (or the log, when it merged none). Whoever syncs the commit first — the
 * push's job or a reconcile pass — reports it; the other finds it synced and says nothing.
 */
export async function syncAndReport(
  ctx: DeployContext,
  octokit: InstallationOctokit,
  repo: Repo,
  commit: string,
  log: Context["log"],
): Promise<SyncOutcome> {
  const ports = pipelineSyncPorts(ctx, octokit, repo);
  const outcome = await asOneWriter(ctx, ports.repo, () => syncPipelines(ports, commit));
  if (outcome.kind === "skipped") {
    log.info({ commit }, `pipelines: ${outcome.reason}`);
    return outcome;
  }
  const fields = { commit, changes: outcome.lines.length, failed: outcome.failed };
  if (outcome.failed > 0) log.warn(fields, maskCredentials(`pipelines: ${outcome.failed} not synced`));
  else log.info(fields, "pipelines: synced");
  if (!outcome.report) return outcome;
  const github = githubDeployPort(repo, { octokit, appId: ctx.appId });
  const [pr] = await github.pullsForCommit(commit);
  if (pr === undefined) log.info({ commit }, maskCredentials(outcome.report));
  else await github.comment(pr, maskCredentials(outcome.report));
  return outcome;
}

/** Queues `syncAndReport` for a pushed commit in the repository's deploy line (behind its deploy). */
export function syncAfterPush(
  ctx: DeployContext,
  octokit: InstallationOctokit,
  repo: Repo,
  commit: string,
  log: Context["log"],
  /** The repository's deploy line (`deployKey`). */
  line: string,
): void {
  ctx.later(line, log, async () => {
    await syncAndReport(ctx, octokit, repo, commit, log);
  });
}

/**
 * In cluster mode several replicas may sync the same commit (a push on one, a reconcile pass on another):
 * the sync runs only while holding the executor Lease of the binding's first environment, beside whose
 * state the records live. A replica that cannot take it leaves the sync to the holder and to the next pass.
 */
async function asOneWriter(
  ctx: DeployContext,
  repository: string,
  run: () => Promise<SyncOutcome>,
): Promise<SyncOutcome> {
  const binding = ctx.binding(repository);
  const first = Object.keys(binding?.environments ?? {})[0];
  const exclusive = first === undefined ? undefined : ctx.setup.exclusive?.(repository, binding);
  if (!exclusive || first === undefined) return run();
  let outcome: SyncOutcome = {
    kind: "skipped",
    reason: `another replica holds \`${first}\`'s executor Lease; it syncs Kubeflow Pipelines, or the next pass does`,
  };
  await exclusive(first, async () => {
    outcome = await run();
  });
  return outcome;
}
