import type { DeployContext, Repo } from "../github/deploy-events.ts";
import { githubDeployPort } from "../github/deployments-github.ts";
import type { InstallationOctokit } from "../github/octokit.ts";
import { connectBoundPipelines } from "../pipelines/connect-bound-pipelines.ts";
import { readPipelinePackage } from "../pipelines/read-package.ts";
import type { PipelineRecordStore } from "../state/pipeline-records.ts";
import { memoryPipelineRecords } from "../state/pipeline-records-sqlite.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import type { PipelineSyncPorts } from "../workflows/pipelines/pipeline-ports.ts";

const fallback = new Map<string, PipelineRecordStore>();

/** The sync's ports for one repository: GitHub through the installation, KFP and packages as the binding allows. */
export function pipelineSyncPorts(
  ctx: DeployContext,
  octokit: InstallationOctokit,
  repo: Repo,
): PipelineSyncPorts {
  const repository = `${repo.owner}/${repo.repo}`;
  const binding = ctx.binding(repository);
  const env = ctx.setup.env;
  const readSecret = nodeSecretReader(env);
  const records =
    ctx.setup.pipelineRecords?.(repository, binding) ??
    fallback.get(repository) ??
    (fallback.set(repository, memoryPipelineRecords()).get(repository) as PipelineRecordStore);
  const github = githubDeployPort(repo, { octokit, appId: ctx.appId });
  return {
    repo: repository,
    binding,
    records,
    readTree: ctx.reads(octokit, repo).readTree,
    connect: (integration) => connectBoundPipelines(binding, integration, env, readSecret),
    readPackage: (source, tree, integration) =>
      readPipelinePackage(source, tree, integration, { binding, env, readSecret }),
    order: (base, head) => github.compareCommits(base, head),
    now: () => new Date().toISOString(),
  };
}
