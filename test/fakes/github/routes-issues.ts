import { checkBody, checkLabels, checkState, checkTitle, ensureLabels } from "./issue-input.ts";
import { findIssueLike, type IssueLike, issueJson } from "./issue-shapes.ts";
import { paginate } from "./pagination.ts";
import { created, field, invalidRequest, isObject, notFound, ok, type Reply } from "./replies.ts";
import { type Route, type RouteContext, visibleRepo } from "./routing.ts";
import type { IssueState, RepoState } from "./state.ts";

const json = (ctx: RouteContext, subject: IssueLike) => issueJson(ctx.urls, ctx.app, ctx.state, subject);

const isReply = (value: unknown): value is Reply => isObject(value) && typeof value.status === "number";

function createIssue(ctx: RouteContext, repo: RepoState): Reply {
  const title = checkTitle(field(ctx.body, "title"));
  if (isReply(title)) return title;
  const body = checkBody(field(ctx.body, "body"));
  if (isReply(body)) return body;
  const labels = checkLabels(field(ctx.body, "labels") ?? []);
  if (isReply(labels)) return labels;
  const now = ctx.state.stamp();
  const issue: IssueState = {
    id: ctx.state.nextId(),
    number: ctx.state.nextNumber(repo),
    repo,
    user: ctx.caller.kind === "installation" ? ctx.caller.bot : ctx.app.bot,
    viaApp: ctx.caller.kind === "installation",
    title,
    body,
    state: "open",
    stateReason: null,
    labels: ensureLabels(ctx.state, repo, labels),
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  ctx.state.issues.push(issue);
  return created(json(ctx, { kind: "issue", issue }));
}

/** `labels` (comma list, all must be present), `state`, `creator`, `since`, `sort`, `direction`. */
function listIssues(ctx: RouteContext, repo: RepoState): Reply {
  const q = ctx.url.searchParams;
  const state = q.get("state") ?? "open";
  const sort = q.get("sort") ?? "created";
  const direction =
    q.get("direction") ?? (sort === "created" || sort === "updated" || sort === "comments" ? "desc" : "");
  if (
    !["open", "closed", "all"].includes(state) ||
    !["created", "updated", "comments"].includes(sort) ||
    !["asc", "desc"].includes(direction)
  )
    return invalidRequest("state, sort or direction is not one GitHub accepts.");
  const wanted = (q.get("labels") ?? "")
    .split(",")
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== "");
  const creator = q.get("creator")?.toLowerCase();
  const since = q.get("since");
  const subjects: IssueLike[] = [
    ...ctx.state.issues.filter((i) => i.repo === repo).map((issue) => ({ kind: "issue" as const, issue })),
    ...ctx.state.pulls.filter((p) => p.repo === repo).map((pull) => ({ kind: "pull" as const, pull })),
  ];
  const of = (s: IssueLike) => (s.kind === "issue" ? s.issue : s.pull);
  const labelsOf = (s: IssueLike) => (s.kind === "issue" ? s.issue.labels : (s.pull.labels ?? []));
  const comments = (s: IssueLike) =>
    ctx.state.comments.filter((c) => c.repo === repo && c.issueNumber === of(s).number).length;
  const key = (s: IssueLike): string | number =>
    sort === "comments" ? comments(s) : sort === "updated" ? of(s).updatedAt : of(s).createdAt;
  const listed = subjects
    .filter((s) => state === "all" || of(s).state === state)
    .filter((s) => wanted.every((w) => labelsOf(s).some((l) => l.toLowerCase() === w)))
    .filter((s) => creator === undefined || of(s).user.login.toLowerCase() === creator)
    .filter((s) => since === null || of(s).updatedAt >= since)
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      // Equal keys (same second) fall back to the number, so the order is stable and newest-first holds.
      const order = ka < kb ? -1 : ka > kb ? 1 : of(a).number - of(b).number;
      return direction === "asc" ? order : -order;
    });
  return paginate(ctx.url, listed, (page) => page.map((s) => json(ctx, s)));
}

function updateIssue(ctx: RouteContext, repo: RepoState): Reply {
  const subject = findIssueLike(ctx.state, repo, Number(ctx.params.issue_number));
  if (!subject) return notFound();
  const target = subject.kind === "issue" ? subject.issue : subject.pull;
  const body = ctx.body ?? {};
  const title = field(body, "title") === undefined ? undefined : checkTitle(field(body, "title"));
  if (isReply(title)) return title;
  const text = field(body, "body") === undefined ? undefined : checkBody(field(body, "body"));
  if (isReply(text)) return text;
  const labels = field(body, "labels") === undefined ? undefined : checkLabels(field(body, "labels"));
  if (isReply(labels)) return labels;
  const change = checkState(field(body, "state"), field(body, "state_reason"));
  if (isReply(change)) return change;
  if (title !== undefined) target.title = title;
  if (text !== undefined) target.body = text;
  if (labels !== undefined) target.labels = ensureLabels(ctx.state, repo, labels);
  const now = ctx.state.stamp();
  if (change !== undefined && subject.kind === "issue" && change.state !== subject.issue.state) {
    subject.issue.stateReason = change.reason;
    subject.issue.closedAt = change.state === "closed" ? now : null;
  }
  if (change !== undefined) target.state = change.state;
  target.updatedAt = now;
  return ok(json(ctx, subject));
}

const withRepo =
  (handle: (ctx: RouteContext, repo: RepoState) => Reply) =>
  (ctx: RouteContext): Reply => {
    const repo = visibleRepo(ctx);
    return repo ? handle(ctx, repo) : notFound();
  };

export const issueRoutes: readonly Route[] = [
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues",
    auth: "installation",
    handle: withRepo(createIssue),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues",
    auth: "installation",
    handle: withRepo(listIssues),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    auth: "installation",
    handle: withRepo((ctx, repo) => {
      const subject = findIssueLike(ctx.state, repo, Number(ctx.params.issue_number));
      return subject ? ok(json(ctx, subject)) : notFound();
    }),
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    auth: "installation",
    handle: withRepo(updateIssue),
  },
];
