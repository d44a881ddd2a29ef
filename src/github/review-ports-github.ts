import { connectBoundDatasets } from "../datasets/s3/dataset-access.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { readPipelinePackage } from "../pipelines/read-package.ts";
import {
  ANNOTATIONS_PER_REQUEST,
  CHECK_NAME_VALIDATE,
  type CheckRunOutput,
} from "../report/check-run-output.ts";
import { deferredReviewOutput } from "../report/deferred-review-output.ts";
import { CHECK_NAME_GATES } from "../report/gates-check-output.ts";
import type { RateBudget } from "../server/rate-budget.ts";
import type { RepoMirrors } from "../server/repo-mirrors.ts";
import type { RepoReads } from "../server/repo-reads.ts";
import { connectBoundTracker } from "../tracker/connect-bound-tracker.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import type { CheckRunRef, ReviewPorts, ReviewTarget } from "../workflows/review-ports.ts";
import { githubDvcRepositories } from "./dvc-repositories-github.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { rateLimitKeyOf } from "./rate-limit-plugin.ts";
import { upsertStickyComment } from "./sticky-comment-github.ts";

export interface GitHubReviewDeps {
  octokit: InstallationOctokit;
  appId: number;
  binding: ServerBinding | null;
  /** Trees, the default branch's configuration and the changed files: the git mirror, else the API. */
  reads: RepoReads;
  /** Where embedded mode finds MLflow's and AWS's variables and bound credentials are read from. */
  env?: NodeJS.ProcessEnv;
  /** The clock of the review (default: the system clock). */
  now?: () => Date;
  /** Git mirrors for DVC-tracked Monitor data; without them no repository is read. */
  mirrors?: RepoMirrors;
  /** The installations' REST budgets: a review waits when its installation's is nearly spent. */
  budget?: RateBudget;
}

/** The review workflow's ports for one pull request: GitHub's checks and comments, reads from `deps.reads`. */
export function githubReviewPorts(target: ReviewTarget, deps: GitHubReviewDeps): ReviewPorts {
  const { octokit, reads } = deps;
  const repo = { owner: target.owner, repo: target.repo };
  // This app's latest run of each check on a head, in one request for both checks.
  const runs = new Map<string, Promise<Map<string, CheckRunRef>>>();
  const runsOf = (headSha: string) => {
    let found = runs.get(headSha);
    if (!found) {
      found = octokit.rest.checks
        .listForRef({ ...repo, ref: headSha, filter: "latest", app_id: deps.appId, per_page: 100 })
        .then(({ data }) => {
          const mine = new Map<string, CheckRunRef>();
          // Only this app's runs count: another app may post a check with the same name.
          for (const r of data.check_runs)
            if (r.app?.id === deps.appId && !mine.has(r.name))
              mine.set(r.name, { id: r.id, status: r.status, conclusion: r.conclusion });
          return mine;
        });
      runs.set(headSha, found);
      found.catch(() => runs.delete(headSha));
    }
    return found;
  };
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
    readTree: (ref) => reads.readTree(ref),
    readDefaultBranchConfig: () => reads.readConfig(target.defaultBranch),
    changedFiles: () =>
      reads.changedFiles({
        sha: target.headSha,
        number: target.number,
        base: target.baseBranch ?? target.defaultBranch,
      }),
    findCheckRun: async (headSha, name) => (await runsOf(headSha)).get(name) ?? null,
    reviewDeferral: () => {
      const installation = rateLimitKeyOf(octokit);
      return deps.budget && installation ? deps.budget.waitUntil(installation, "review") : null;
    },
    async deferChecks(headSha, until) {
      const output = deferredReviewOutput(until);
      for (const name of [CHECK_NAME_VALIDATE, CHECK_NAME_GATES])
        await octokit.rest.checks.create({ ...repo, name, head_sha: headSha, status: "queued", output });
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
