import { isReply } from "./check-input.ts";
import { isAncestor } from "./commit-graph.ts";
import { type DeploymentInput, parseDeploymentInput, parseStatusInput } from "./deployment-input.ts";
import { deploymentJson, deploymentStatusJson } from "./deployment-shapes.ts";
import { type DeploymentState, type DeploymentStatusState, latestState } from "./deployment-state.ts";
import { writeMergeCommit } from "./merge-commit.ts";
import { paginate } from "./pagination.ts";
import { created, errorReply, notFound, ok, type Reply } from "./replies.ts";
import { resolveCommit } from "./resolve-ref.ts";
import { type Route, type RouteContext, visibleRepo } from "./routing.ts";
import type { RepoState, User } from "./state.ts";

const stamp = (ctx: RouteContext): string =>
  ctx.state
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");

const author = (ctx: RouteContext): User =>
  ctx.caller.kind === "installation" ? ctx.caller.bot : ctx.app.bot;

const CHECK_PASSES = ["success", "neutral", "skipped"];

/**
 * The contexts that stop a deployment: each required one (by default every check on the commit)
 * whose newest run is not completed with a passing conclusion. The fake has check runs, no statuses.
 */
function failedContexts(ctx: RouteContext, repo: RepoState, sha: string, input: DeploymentInput) {
  const runs = ctx.state.checkRuns
    .filter((r) => r.repo === repo && r.headSha === sha)
    .sort((a, b) => b.id - a.id);
  const required = input.requiredContexts ?? [...new Set(runs.map((r) => r.name))];
  return required.flatMap((context) => {
    const run = runs.find((r) => r.name === context);
    const state =
      run?.status !== "completed"
        ? "pending"
        : CHECK_PASSES.includes(run.conclusion ?? "")
          ? "success"
          : "failure";
    return state === "success" ? [] : [{ context, state }];
  });
}

/** auto_merge: a branch behind the default branch gets the default branch merged in, and no deployment. */
function autoMerge(ctx: RouteContext, repo: RepoState, ref: string): Reply | undefined {
  const branch = ref.replace(/^refs\/heads\//, "");
  const tip = repo.refs.get(branch);
  const main = repo.refs.get(repo.defaultBranch);
  if (!tip || !main || branch === repo.defaultBranch || isAncestor(repo.objects, main, tip)) return undefined;
  const merged = writeMergeCommit(ctx.state, repo, tip, main, {
    message: `Merge ${repo.defaultBranch} into ${branch}`,
  });
  if ("conflicts" in merged) return errorReply(409, `Conflict merging ${repo.defaultBranch} into ${branch}.`);
  repo.refs.set(branch, merged.sha);
  return {
    status: 202,
    body: { message: `Auto-merged ${repo.defaultBranch} into ${branch} on deployment.` },
  };
}

function create(ctx: RouteContext): Reply {
  const repo = visibleRepo(ctx);
  if (!repo) return notFound();
  const input = parseDeploymentInput(ctx.body);
  if (isReply(input)) return input;
  const sha = resolveCommit(repo, input.ref);
  if (!sha) return errorReply(422, `No ref found for: ${input.ref}`);
  if (input.autoMerge) {
    const merged = autoMerge(ctx, repo, input.ref);
    if (merged) return merged;
  }
  const failed = failedContexts(ctx, repo, sha, input);
  if (failed.length > 0)
    return errorReply(409, `Conflict: Commit status checks failed for ${input.ref}.`, {
      errors: [{ contexts: failed, resource: "Deployment", field: "required_contexts", code: "invalid" }],
    });
  const now = stamp(ctx);
  const deployment: DeploymentState = {
    id: ctx.state.nextId(),
    repo,
    sha,
    ref: input.ref,
    task: input.task,
    payload: input.payload,
    environment: input.environment,
    originalEnvironment: input.environment,
    description: input.description,
    creator: author(ctx),
    transientEnvironment: input.transientEnvironment,
    productionEnvironment: input.productionEnvironment,
    createdAt: now,
    updatedAt: now,
    statuses: [],
  };
  ctx.state.deployments.push(deployment);
  return created(deploymentJson(ctx.urls, ctx.app, deployment));
}

function findDeployment(ctx: RouteContext): DeploymentState | undefined {
  const repo = visibleRepo(ctx);
  return ctx.state.deployments.find((d) => d.repo === repo && String(d.id) === ctx.params.deployment_id);
}

/**
 * auto_inactive: a success makes every earlier, non-transient deployment of the same environment whose
 * newest status is success `inactive`, with a status GitHub itself adds.
 */
function deactivateEarlier(ctx: RouteContext, current: DeploymentState, creator: User): void {
  for (const d of ctx.state.deployments) {
    if (d.repo !== current.repo || d.id >= current.id || d.environment !== current.environment) continue;
    if (d.transientEnvironment || latestState(d) !== "success") continue;
    const now = stamp(ctx);
    d.statuses.push({
      id: ctx.state.nextId(),
      state: "inactive",
      creator,
      description: "",
      environment: d.environment,
      logUrl: "",
      environmentUrl: "",
      createdAt: now,
      viaApp: false,
    });
    d.updatedAt = now;
  }
}

function createStatus(ctx: RouteContext): Reply {
  const deployment = findDeployment(ctx);
  if (!deployment) return notFound();
  const input = parseStatusInput(ctx.body);
  if (isReply(input)) return input;
  if (input.environment !== undefined) deployment.environment = input.environment;
  const status: DeploymentStatusState = {
    id: ctx.state.nextId(),
    state: input.state,
    creator: author(ctx),
    description: input.description,
    environment: deployment.environment,
    logUrl: input.logUrl,
    environmentUrl: input.environmentUrl,
    createdAt: stamp(ctx),
    viaApp: true,
  };
  deployment.statuses.push(status);
  deployment.updatedAt = status.createdAt;
  if (input.state === "success" && input.autoInactive) deactivateEarlier(ctx, deployment, status.creator);
  return created(deploymentStatusJson(ctx.urls, ctx.app, deployment, status));
}

function list(ctx: RouteContext): Reply {
  const repo = visibleRepo(ctx);
  if (!repo) return notFound();
  const q = ctx.url.searchParams;
  const matches = (name: string, value: string): boolean => !q.has(name) || q.get(name) === value;
  // Newest first, as GitHub lists them.
  const deployments = ctx.state.deployments
    .filter((d) => d.repo === repo)
    .filter((d) => matches("sha", d.sha) && matches("ref", d.ref))
    .filter((d) => matches("task", d.task) && matches("environment", d.environment))
    .sort((a, b) => b.id - a.id);
  return paginate(ctx.url, deployments, (page) => page.map((d) => deploymentJson(ctx.urls, ctx.app, d)));
}

const base = "/repos/{owner}/{repo}/deployments";

export const deploymentRoutes: readonly Route[] = [
  { method: "POST", template: base, auth: "installation", handle: create },
  { method: "GET", template: base, auth: "installation", handle: list },
  {
    method: "GET",
    template: `${base}/{deployment_id}`,
    auth: "installation",
    handle: (ctx) => {
      const d = findDeployment(ctx);
      return d ? ok(deploymentJson(ctx.urls, ctx.app, d)) : notFound();
    },
  },
  {
    method: "POST",
    template: `${base}/{deployment_id}/statuses`,
    auth: "installation",
    handle: createStatus,
  },
  {
    method: "GET",
    template: `${base}/{deployment_id}/statuses`,
    auth: "installation",
    handle: (ctx) => {
      const d = findDeployment(ctx);
      if (!d) return notFound();
      const newestFirst = [...d.statuses].reverse();
      return paginate(ctx.url, newestFirst, (page) =>
        page.map((s) => deploymentStatusJson(ctx.urls, ctx.app, d, s)),
      );
    },
  },
  {
    method: "GET",
    template: `${base}/{deployment_id}/statuses/{status_id}`,
    auth: "installation",
    handle: (ctx) => {
      const d = findDeployment(ctx);
      const s = d?.statuses.find((x) => String(x.id) === ctx.params.status_id);
      return d && s ? ok(deploymentStatusJson(ctx.urls, ctx.app, d, s)) : notFound();
    },
  },
];
