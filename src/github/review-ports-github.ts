import { connectBoundDatasets } from "../datasets/s3/dataset-access.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { REPO_CONFIG_PATH } from "../manifests/source-tree.ts";
import { readPipelinePackage } from "../pipelines/read-package.ts";
import { ANNOTATIONS_PER_REQUEST, type CheckRunOutput } from "../report/check-run-output.ts";
import { connectBoundTracker } from "../tracker/connect-bound-tracker.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import type { ReviewPorts, ReviewTarget } from "../workflows/review-ports.ts";
import type { BlobCache } from "./blob-cache.ts";
import { githubDvcRepositories } from "./dvc-repositories-github.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { readTreeFromGitHub } from "./read-tree.ts";
import type { RepoMirrors } from "./repo-mirrors.ts";
import { upsertStickyComment } from "./sticky-comment-github.ts";

export interface GitHubReviewDeps {
  octokit: InstallationOctokit;
  appId: number;
  binding: ServerBinding | null;
  cache: BlobCache;
  /** Where embedded mode finds MLflow's and AWS's variables and bound credentials are read from. */
  env?: NodeJS.ProcessEnv;
  /** The clock of the review (default: the system clock). */
  now?: () => Date;
  /** Git mirrors for DVC-tracked Monitor data; without them no repository is read. */
  mirrors?: RepoMirrors;
}

/** The review workflow's ports, backed by the GitHub REST API for one pull request. */
export function githubReviewPorts(target: ReviewTarget, deps: GitHubReviewDeps): ReviewPorts {
  const { octokit } = deps;
  const repo = { owner: target.owner, repo: target.repo };
  return {
    binding: deps.binding,
    connectTracker: (integration) => {
      const env = deps.env ?? process.env;
      return connectBoundTracker(deps.binding, integration, env, nodeSecretReader(env));
    },
    datasetSource: (integration) => {
      const env = deps.env ?? process.env;
      return connectBoundDatasets(deps.binding, integration, env, nodeSecretReader(env));
    },
    readPipelinePackage: (source, integration) => {
      const env = deps.env ?? process.env;
      return readPipelinePackage(source, { files: new Map() }, integration, {
        binding: deps.binding,
        env,
        readSecret: nodeSecretReader(env),
        unboundHttps: false,
      });
    },
    ...(deps.mirrors
      ? {
          dvcRepository: githubDvcRepositories(target, {
            octokit,
            binding: deps.binding,
            mirrors: deps.mirrors,
            env: deps.env ?? process.env,
          }),
        }
      : {}),
    now: () => (deps.now ? deps.now() : new Date()),
    readTree: (sha) => readTreeFromGitHub(octokit, repo, sha, deps.cache),
    async readDefaultBranchConfig() {
      try {
        const { data } = await octokit.rest.repos.getContent({
          ...repo,
          path: REPO_CONFIG_PATH,
          ref: target.defaultBranch,
        });
        if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
        return new Uint8Array(Buffer.from(data.content, "base64"));
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
    async changedFiles() {
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        ...repo,
        pull_number: target.number,
        per_page: 100,
      });
      return files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
    },
    async findCheckRun(headSha, name) {
      const { data } = await octokit.rest.checks.listForRef({
        ...repo,
        ref: headSha,
        check_name: name,
        filter: "latest",
        app_id: deps.appId,
      });
      // Only this app's run counts: another app may post a check with the same name.
      const run = data.check_runs.find((r) => r.app?.id === deps.appId);
      return run ? { id: run.id, status: run.status, conclusion: run.conclusion } : null;
    },
    async startCheckRun(headSha, name) {
      const { data } = await octokit.rest.checks.create({
        ...repo,
        name,
        head_sha: headSha,
        status: "in_progress",
      });
      return data.id;
    },
    async finishCheckRun(id, output: CheckRunOutput) {
      const batches: CheckRunOutput["annotations"][] = [];
      for (let i = 0; i < output.annotations.length; i += ANNOTATIONS_PER_REQUEST) {
        batches.push(output.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
      }
      const last = batches.pop() ?? [];
      // GitHub appends annotations across updates; the last update completes the run.
      for (const annotations of batches) {
        await octokit.rest.checks.update({
          ...repo,
          check_run_id: id,
          output: { title: output.title, summary: output.summary, annotations },
        });
      }
      await octokit.rest.checks.update({
        ...repo,
        check_run_id: id,
        status: "completed",
        conclusion: output.conclusion,
        output: { title: output.title, summary: output.summary, annotations: last },
      });
    },
    async failCheckRun(id, reason) {
      await octokit.rest.checks.update({
        ...repo,
        check_run_id: id,
        status: "completed",
        conclusion: "failure",
        output: {
          title: "Slipway could not validate this head",
          summary: `${reason}\n\nComment \`/slipway validate\` on the pull request to try again.`,
        },
      });
    },
    upsertStickyComment: (headSha, body) =>
      upsertStickyComment(octokit, { ...repo, number: target.number }, deps.appId, headSha, body),
  };
}
