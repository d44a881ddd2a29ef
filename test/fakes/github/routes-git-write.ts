import { type Person, writeBlob, writeCommit } from "./git-objects.ts";
import { created, errorReply, field, invalidRequest, isObject, notFound, ok, type Reply } from "./replies.ts";
import { apiBase, treeEntryJson, withRepo } from "./routes-git.ts";
import type { Route, RouteContext } from "./routing.ts";
import type { RepoState } from "./state.ts";
import { editTree } from "./tree-edit.ts";
import { parseTreeEntries } from "./tree-input.ts";

/** A commit as the Git Data API shows it (`git/commits`), unlike the richer `commits/{ref}` shape. */
export function gitCommitJson(ctx: RouteContext, repo: RepoState, sha: string) {
  const commit = repo.objects.get(sha);
  if (commit?.type !== "commit") return undefined;
  const seeded = { name: "Slipway Test", email: "test@example.com", date: commit.date };
  const web = `${ctx.urls.web}/${repo.owner.login}/${repo.name}/commit`;
  return {
    sha,
    node_id: Buffer.from(`Commit:${sha}`).toString("base64url"),
    url: `${apiBase(ctx, repo)}/git/commits/${sha}`,
    html_url: `${web}/${sha}`,
    author: commit.author ?? seeded,
    committer: commit.committer ?? seeded,
    message: commit.message,
    tree: { sha: commit.tree, url: `${apiBase(ctx, repo)}/git/trees/${commit.tree}` },
    parents: commit.parents.map((p) => ({
      sha: p,
      url: `${apiBase(ctx, repo)}/git/commits/${p}`,
      html_url: `${web}/${p}`,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

/** `author`/`committer` of a new commit; an installation's commits are its bot's by default. */
function person(ctx: RouteContext, value: unknown, name: string, fallback: Person): Person | Reply {
  if (value === undefined) return fallback;
  if (!isObject(value) || typeof value.name !== "string" || typeof value.email !== "string")
    return invalidRequest(`For 'properties/${name}', ${JSON.stringify(value)} needs "name" and "email".`);
  const date = value.date === undefined ? ctx.state.stamp() : value.date;
  if (typeof date !== "string" || Number.isNaN(Date.parse(date)))
    return invalidRequest(`For 'properties/${name}/date', ${JSON.stringify(date)} is not a date-time.`);
  return { name: value.name, email: value.email, date };
}

function createCommit(ctx: RouteContext, repo: RepoState): Reply {
  const { message, tree, parents = [] } = isObject(ctx.body) ? ctx.body : {};
  if (typeof message !== "string") return invalidRequest(`"message" wasn't supplied.`);
  if (typeof tree !== "string") return invalidRequest(`"tree" wasn't supplied.`);
  if (!Array.isArray(parents) || parents.some((p) => typeof p !== "string"))
    return invalidRequest(`For 'properties/parents', ${JSON.stringify(parents)} is not an array of strings.`);
  if (repo.objects.get(tree)?.type !== "tree") return errorReply(422, "Tree SHA does not exist");
  if (parents.some((p) => repo.objects.get(p)?.type !== "commit"))
    return errorReply(422, "Parent SHA does not exist or is not a commit object");
  const bot = ctx.caller.kind === "installation" ? ctx.caller.bot : ctx.app.bot;
  const botPerson = {
    name: bot.login,
    email: `${bot.id}+${bot.login}@users.noreply.github.com`,
    date: ctx.state.stamp(),
  };
  const author = person(ctx, field(ctx.body, "author"), "author", botPerson);
  if (!("email" in author)) return author;
  const committer = person(ctx, field(ctx.body, "committer"), "committer", author);
  if (!("email" in committer)) return committer;
  const sha = writeCommit(repo.objects, tree, parents as string[], message, ctx.state.now(), {
    author,
    committer,
  });
  return created(gitCommitJson(ctx, repo, sha));
}

export const gitWriteRoutes: readonly Route[] = [
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/blobs",
    auth: "installation",
    handle: withRepo((ctx, repo) => {
      const content = field(ctx.body, "content");
      const encoding = field(ctx.body, "encoding") ?? "utf-8";
      if (typeof content !== "string") return invalidRequest(`"content" wasn't supplied.`);
      if (encoding !== "utf-8" && encoding !== "base64")
        return invalidRequest(
          `For 'properties/encoding', ${JSON.stringify(encoding)} is not one of ["utf-8","base64"].`,
        );
      const sha = writeBlob(repo.objects, Buffer.from(content, encoding === "base64" ? "base64" : "utf8"));
      return created({ sha, url: `${apiBase(ctx, repo)}/git/blobs/${sha}` });
    }),
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/trees",
    auth: "installation",
    handle: withRepo((ctx, repo) => {
      const base = field(ctx.body, "base_tree");
      if (base !== undefined && (typeof base !== "string" || repo.objects.get(base)?.type !== "tree"))
        return errorReply(422, `base_tree ${JSON.stringify(base)} is not a tree in this repository`);
      const edits = parseTreeEntries(repo.objects, ctx.body);
      if (!Array.isArray(edits)) return edits;
      const result = editTree(repo.objects, base as string | undefined, edits);
      if ("error" in result) return errorReply(422, `Invalid tree: ${result.error}`);
      const tree = repo.objects.get(result.sha);
      const entries = tree?.type === "tree" ? tree.entries : [];
      return created({
        sha: result.sha,
        url: `${apiBase(ctx, repo)}/git/trees/${result.sha}`,
        tree: entries.map((e) => treeEntryJson(ctx, repo, e.name, e)),
        truncated: false,
      });
    }),
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/commits",
    auth: "installation",
    handle: withRepo(createCommit),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    auth: "installation",
    handle: withRepo((ctx, repo) => {
      const body = gitCommitJson(ctx, repo, ctx.params.commit_sha ?? "");
      return body ? ok(body) : notFound();
    }),
  },
];
