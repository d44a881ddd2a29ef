import { commitsBetween } from "./commit-graph.ts";
import {
  created,
  type FieldError,
  invalidRequest,
  notFound,
  ok,
  type Reply,
  validationFailed,
} from "./replies.ts";
import { type Route, type RouteContext, visibleRepo } from "./routing.ts";
import { pullJson } from "./shapes.ts";
import type { PullState, RepoState } from "./state.ts";

const invalid = (name: "head" | "base"): FieldError => ({
  resource: "PullRequest",
  field: name,
  code: "invalid",
});
const custom = (message: string): FieldError => ({ resource: "PullRequest", code: "custom", message });

/**
 * `POST /repos/{o}/{r}/pulls` within one repository (`head` is a branch, or `owner:branch` naming this
 * repository's owner; pull requests from forks are seeded, not created). GitHub's own 422s: a missing
 * branch is an invalid field, a head with no commits beyond the base and a second open pull request for
 * the same head and base are "custom" errors with its messages.
 */
function createPull(ctx: RouteContext, repo: RepoState): Reply {
  const { title, head, base, body = null, draft = false } = (ctx.body ?? {}) as Record<string, unknown>;
  if (title === undefined)
    return validationFailed({ resource: "Issue", code: "missing_field", field: "title" });
  if (typeof title !== "string")
    return invalidRequest(`For 'properties/title', ${JSON.stringify(title)} is not a string.`);
  if (typeof head !== "string") return invalidRequest(`"head" wasn't supplied.`);
  if (typeof base !== "string") return invalidRequest(`"base" wasn't supplied.`);
  if (body !== null && typeof body !== "string")
    return invalidRequest(`For 'properties/body', ${JSON.stringify(body)} is not a string or null.`);
  if (typeof draft !== "boolean")
    return invalidRequest(`For 'properties/draft', ${JSON.stringify(draft)} is not a boolean.`);
  const [owner, branch] = head.includes(":") ? head.split(":", 2) : [repo.owner.login, head];
  const headSha =
    owner?.toLowerCase() === repo.owner.login.toLowerCase() ? repo.refs.get(branch ?? "") : undefined;
  const baseSha = repo.refs.get(base);
  if (headSha === undefined || branch === undefined) return validationFailed(invalid("head"));
  if (baseSha === undefined) return validationFailed(invalid("base"));
  const open = ctx.state.pulls.find(
    (p) =>
      p.repo === repo &&
      p.headRepo === repo &&
      p.state === "open" &&
      p.headRef === branch &&
      p.baseRef === base,
  );
  if (open)
    return validationFailed(custom(`A pull request already exists for ${repo.owner.login}:${branch}.`));
  if (commitsBetween(repo.objects, baseSha, headSha).length === 0)
    return validationFailed(custom(`No commits between ${base} and ${branch}`));
  const number = ctx.state.nextNumber(repo);
  const now = ctx.state.stamp();
  const pull: PullState = {
    id: ctx.state.nextId(),
    number,
    repo,
    headRepo: repo,
    headRef: branch,
    headSha,
    baseRef: base,
    baseSha,
    user: ctx.caller.kind === "installation" ? ctx.caller.bot : ctx.app.bot,
    title,
    body: body as string | null,
    state: "open",
    draft,
    merged: false,
    createdAt: now,
    updatedAt: now,
  };
  ctx.state.pulls.push(pull);
  repo.refs.set(`pull/${number}/head`, headSha);
  return created(pullJson(ctx.urls, pull));
}

/**
 * `PATCH /repos/{o}/{r}/pulls/{n}`: title, body and state (open/closed), as GitHub takes them; a merged
 * pull request cannot be reopened, and other fields are not what this fake keeps.
 */
function updatePull(ctx: RouteContext, repo: RepoState): Reply {
  const pull = ctx.state.pulls.find((p) => p.repo === repo && p.number === Number(ctx.params.pull_number));
  if (!pull) return notFound();
  const { title, body, state } = (ctx.body ?? {}) as Record<string, unknown>;
  if (title !== undefined && typeof title !== "string")
    return invalidRequest(`For 'properties/title', ${JSON.stringify(title)} is not a string.`);
  if (body !== undefined && body !== null && typeof body !== "string")
    return invalidRequest(`For 'properties/body', ${JSON.stringify(body)} is not a string or null.`);
  if (state !== undefined && state !== "open" && state !== "closed")
    return invalidRequest(`For 'properties/state', ${JSON.stringify(state)} is not a member of enum.`);
  if (state === "open" && pull.merged)
    return validationFailed(custom("state cannot be changed. The pull request cannot be reopened."));
  if (typeof title === "string") pull.title = title;
  if (body !== undefined) pull.body = body as string | null;
  if (state === "open" || state === "closed") pull.state = state;
  pull.updatedAt = ctx.state.stamp();
  return ok(pullJson(ctx.urls, pull));
}

export const pullCreateRoutes: readonly Route[] = [
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    auth: "installation",
    handle: (ctx) => {
      const repo = visibleRepo(ctx);
      return repo ? updatePull(ctx, repo) : notFound();
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls",
    auth: "installation",
    handle: (ctx) => {
      const repo = visibleRepo(ctx);
      return repo ? createPull(ctx, repo) : notFound();
    },
  },
];
