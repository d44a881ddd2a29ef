import { type CheckInput, isReply, parseCheckInput } from "./check-input.ts";
import { paginate } from "./pagination.ts";
import { created, errorReply, notFound, ok, type Reply } from "./replies.ts";
import { resolveCommit } from "./resolve-ref.ts";
import { type Route, type RouteContext, visibleRepo } from "./routing.ts";
import { checkRunJson } from "./shapes.ts";
import type { CheckRunState, RepoState } from "./state.ts";

const stamp = (ctx: RouteContext): string =>
  ctx.state
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");

function findRun(ctx: RouteContext): { repo: RepoState; run: CheckRunState } | undefined {
  const repo = visibleRepo(ctx);
  const run = ctx.state.checkRuns.find((r) => r.repo === repo && String(r.id) === ctx.params.check_run_id);
  return repo && run ? { repo, run } : undefined;
}

function apply(ctx: RouteContext, run: CheckRunState, input: CheckInput): void {
  if (input.name !== undefined) run.name = input.name;
  if (input.detailsUrl !== undefined) run.detailsUrl = input.detailsUrl;
  if (input.externalId !== undefined) run.externalId = input.externalId;
  if (input.status !== undefined) run.status = input.status;
  if (input.status && input.status !== "completed") {
    run.conclusion = null;
    run.completedAt = null;
  }
  if (input.conclusion !== undefined) {
    run.conclusion = input.conclusion;
    run.completedAt = stamp(ctx);
  }
  if (input.output) {
    run.output = { title: input.output.title, summary: input.output.summary, text: input.output.text };
    // GitHub appends each request's annotations to those already on the run.
    run.annotations.push(...input.output.annotations);
  }
}

function create(ctx: RouteContext): Reply {
  const repo = visibleRepo(ctx);
  if (!repo) return notFound();
  const input = parseCheckInput(ctx.body, true);
  if (isReply(input)) return input;
  const headSha = input.headSha ?? "";
  const commit = repo.objects.get(headSha);
  if (commit?.type !== "commit") return errorReply(422, `No commit found for SHA: ${headSha}`);
  const run: CheckRunState = {
    id: ctx.state.nextId(),
    repo,
    appId: ctx.app.id,
    checkSuiteId: ctx.state.checkSuiteId(repo, headSha, ctx.app.id),
    name: input.name ?? "",
    headSha,
    status: "queued",
    conclusion: null,
    startedAt: stamp(ctx),
    completedAt: null,
    detailsUrl: null,
    externalId: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
  };
  apply(ctx, run, input);
  ctx.state.checkRuns.push(run);
  return created(checkRunJson(ctx.urls, ctx.app, run));
}

function update(ctx: RouteContext): Reply {
  const found = findRun(ctx);
  if (!found) return notFound();
  if (found.run.appId !== ctx.app.id)
    return errorReply(
      403,
      "Invalid app_id `" +
        found.run.appId +
        "` - check run can only be modified by the GitHub App that created it.",
    );
  const input = parseCheckInput(ctx.body, false);
  if (isReply(input)) return input;
  apply(ctx, found.run, input);
  return ok(checkRunJson(ctx.urls, ctx.app, found.run));
}

function listForRef(ctx: RouteContext): Reply {
  const repo = visibleRepo(ctx);
  if (!repo) return notFound();
  const ref = ctx.params.ref ?? "";
  const sha = resolveCommit(repo, ref);
  if (!sha) return errorReply(422, `No commit found for SHA: ${ref}`);
  const q = ctx.url.searchParams;
  const name = q.get("check_name");
  const status = q.get("status");
  const appId = q.get("app_id");
  let runs = ctx.state.checkRuns
    .filter((r) => r.repo === repo && r.headSha === sha)
    .filter((r) => name === null || r.name === name)
    .filter((r) => status === null || r.status === status)
    .filter((r) => appId === null || String(r.appId) === appId)
    .sort((a, b) => b.id - a.id);
  // filter=latest (the default) keeps the most recent run of each name per app.
  if ((q.get("filter") ?? "latest") === "latest") {
    const seen = new Set<string>();
    runs = runs.filter((r) => {
      const key = `${r.appId}:${r.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return paginate(ctx.url, runs, (page) => ({
    total_count: runs.length,
    check_runs: page.map((r) => checkRunJson(ctx.urls, ctx.app, r)),
  }));
}

export const checkRoutes: readonly Route[] = [
  { method: "POST", template: "/repos/{owner}/{repo}/check-runs", auth: "installation", handle: create },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    auth: "installation",
    handle: update,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    auth: "installation",
    handle: (ctx) => {
      const found = findRun(ctx);
      return found ? ok(checkRunJson(ctx.urls, ctx.app, found.run)) : notFound();
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations",
    auth: "installation",
    handle: (ctx) => {
      const found = findRun(ctx);
      if (!found) return notFound();
      const full = `${found.repo.owner.login}/${found.repo.name}`;
      return paginate(
        ctx.url,
        found.run.annotations.map((a) => ({
          start_column: null,
          end_column: null,
          title: null,
          raw_details: null,
          ...a,
          blob_href: `${ctx.urls.web}/${full}/blob/${found.run.headSha}/${a.path}`,
        })),
      );
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits/{ref}/check-runs",
    auth: "installation",
    handle: listForRef,
  },
];
