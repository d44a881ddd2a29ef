import { paginate } from "./pagination.ts";
import { created, field, invalidRequest, notFound, ok, type Reply, validationFailed } from "./replies.ts";
import { type Route, type RouteContext, visibleRepo } from "./routing.ts";
import { commentJson, reactionJson } from "./shapes.ts";
import { type CommentState, REACTIONS, type ReactionContent, type RepoState, type User } from "./state.ts";

/** GitHub's comment limit, counted in characters (Unicode code points), as Ruby's String#length does. */
export const MAX_COMMENT_CHARS = 65536;

const stamp = (ctx: RouteContext): string =>
  ctx.state
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");

function author(ctx: RouteContext): User {
  return ctx.caller.kind === "installation" ? ctx.caller.bot : ctx.app.bot;
}

/** A missing body is a schema error; an over-long one a model error, each in GitHub's own wording. */
function checkBody(body: unknown): string | Reply {
  const text = field(body, "body");
  if (typeof text !== "string") return invalidRequest(`"body" wasn't supplied.`);
  if ([...text].length > MAX_COMMENT_CHARS)
    return validationFailed({
      resource: "IssueComment",
      code: "unprocessable",
      field: "data",
      message: `Body is too long (maximum is ${MAX_COMMENT_CHARS} characters)`,
    });
  return text;
}

function findComment(ctx: RouteContext): CommentState | undefined {
  const repo = visibleRepo(ctx);
  return ctx.state.comments.find((c) => c.repo === repo && String(c.id) === ctx.params.comment_id);
}

/** Comments live on issues and on pull requests alike (one number sequence for both). */
function issueExists(ctx: RouteContext, repo: RepoState, number: number): boolean {
  return ctx.state.pull(repo, number) !== undefined || ctx.state.issue(repo, number) !== undefined;
}

const json = (ctx: RouteContext, c: CommentState) =>
  commentJson(
    ctx.urls,
    ctx.app,
    c,
    ctx.state.reactions,
    ctx.state.issue(c.repo, c.issueNumber) ? "issues" : "pull",
  );

export const commentRoutes: readonly Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    auth: "installation",
    handle: (ctx) => {
      const repo = visibleRepo(ctx);
      const number = Number(ctx.params.issue_number);
      if (!repo || !issueExists(ctx, repo, number)) return notFound();
      const since = ctx.url.searchParams.get("since");
      const comments = ctx.state.comments
        .filter((c) => c.repo === repo && c.issueNumber === number)
        .filter((c) => since === null || c.updatedAt >= since)
        .sort((a, b) => a.id - b.id);
      return paginate(ctx.url, comments, (page) => page.map((c) => json(ctx, c)));
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    auth: "installation",
    handle: (ctx) => {
      const repo = visibleRepo(ctx);
      const number = Number(ctx.params.issue_number);
      if (!repo || !issueExists(ctx, repo, number)) return notFound();
      const body = checkBody(ctx.body);
      if (typeof body !== "string") return body;
      const now = stamp(ctx);
      const comment: CommentState = {
        id: ctx.state.nextId(),
        repo,
        issueNumber: number,
        user: author(ctx),
        body,
        viaApp: true,
        createdAt: now,
        updatedAt: now,
        history: [body],
      };
      ctx.state.comments.push(comment);
      return created(json(ctx, comment));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    auth: "installation",
    handle: (ctx) => {
      const comment = findComment(ctx);
      return comment ? ok(json(ctx, comment)) : notFound();
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    auth: "installation",
    handle: (ctx) => {
      const comment = findComment(ctx);
      if (!comment) return notFound();
      const body = checkBody(ctx.body);
      if (typeof body !== "string") return body;
      comment.body = body;
      comment.updatedAt = stamp(ctx);
      comment.history.push(body);
      return ok(json(ctx, comment));
    },
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    auth: "installation",
    handle: (ctx) => {
      const comment = findComment(ctx);
      if (!comment) return notFound();
      ctx.state.comments.splice(ctx.state.comments.indexOf(comment), 1);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    auth: "installation",
    handle: (ctx) => {
      const comment = findComment(ctx);
      if (!comment) return notFound();
      const content = ctx.url.searchParams.get("content");
      const reactions = ctx.state.reactions.filter(
        (r) => r.commentId === comment.id && (content === null || r.content === content),
      );
      return paginate(ctx.url, reactions, (page) => page.map((r) => reactionJson(ctx.urls, r)));
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    auth: "installation",
    handle: (ctx) => {
      const comment = findComment(ctx);
      if (!comment) return notFound();
      const content = field(ctx.body, "content");
      if (content === undefined) return invalidRequest(`"content" wasn't supplied.`);
      if (typeof content !== "string" || !(REACTIONS as readonly string[]).includes(content))
        return invalidRequest(
          `For 'properties/content', ${JSON.stringify(content)} is not one of ${JSON.stringify(REACTIONS)}.`,
        );
      const user = author(ctx);
      // The same user reacting the same way again gets the existing reaction back with 200.
      const existing = ctx.state.reactions.find(
        (r) => r.commentId === comment.id && r.user === user && r.content === content,
      );
      if (existing) return ok(reactionJson(ctx.urls, existing));
      const reaction = {
        id: ctx.state.nextId(),
        commentId: comment.id,
        user,
        content: content as ReactionContent,
        createdAt: stamp(ctx),
      };
      ctx.state.reactions.push(reaction);
      return created(reactionJson(ctx.urls, reaction));
    },
  },
];
