import { lookupPath, type TreeEntry, walkTree } from "./git-objects.ts";
import { errorReply, notFound, ok, type Reply } from "./replies.ts";
import { commitTree, resolveCommit } from "./resolve-ref.ts";
import { type Route, type RouteContext, visibleRepo } from "./routing.ts";
import { repoJson } from "./shapes.ts";
import type { RepoState } from "./state.ts";

/** Above 1 MB the contents API returns no content, only metadata (`encoding: "none"`). */
const CONTENTS_INLINE_LIMIT = 1024 * 1024;

/** GitHub wraps base64 in its JSON at 60 characters per line; decoders must tolerate the newlines. */
const base64Lines = (content: Buffer): string =>
  (content.toString("base64").match(/.{1,60}/g) ?? []).join("\n");

export const apiBase = (ctx: RouteContext, repo: RepoState): string =>
  `${ctx.urls.api}/repos/${repo.owner.login}/${repo.name}`;

export function withRepo(
  handle: (ctx: RouteContext, repo: RepoState) => Reply,
): (ctx: RouteContext) => Reply {
  return (ctx) => {
    const repo = visibleRepo(ctx);
    return repo ? handle(ctx, repo) : notFound();
  };
}

export function treeEntryJson(ctx: RouteContext, repo: RepoState, path: string, entry: TreeEntry) {
  const blob = entry.type === "blob" ? repo.objects.get(entry.sha) : undefined;
  return {
    path,
    mode: entry.mode === "40000" ? "040000" : entry.mode,
    type: entry.type,
    sha: entry.sha,
    ...(blob?.type === "blob" ? { size: blob.content.length } : {}),
    url: `${apiBase(ctx, repo)}/git/${entry.type === "tree" ? "trees" : "blobs"}/${entry.sha}`,
  };
}

export function commitJson(ctx: RouteContext, repo: RepoState, sha: string) {
  const commit = repo.objects.get(sha);
  if (commit?.type !== "commit") return undefined;
  const seeded = { name: "Slipway Test", email: "test@example.com", date: commit.date };
  return {
    sha,
    node_id: Buffer.from(`Commit:${sha}`).toString("base64url"),
    url: `${apiBase(ctx, repo)}/commits/${sha}`,
    html_url: `${ctx.urls.web}/${repo.owner.login}/${repo.name}/commit/${sha}`,
    commit: {
      message: commit.message,
      author: commit.author ?? seeded,
      committer: commit.committer ?? seeded,
      tree: { sha: commit.tree, url: `${apiBase(ctx, repo)}/git/trees/${commit.tree}` },
    },
    parents: commit.parents.map((p) => ({ sha: p, url: `${apiBase(ctx, repo)}/commits/${p}` })),
  };
}

export const gitRoutes: readonly Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}",
    auth: "installation",
    handle: withRepo((ctx, repo) => ok(repoJson(ctx.urls, repo))),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/trees/{tree_sha}",
    auth: "installation",
    handle: withRepo((ctx, repo) => {
      const asked = ctx.params.tree_sha ?? "";
      const object = repo.objects.get(asked);
      const commit = object ? undefined : resolveCommit(repo, asked);
      const sha = object?.type === "tree" ? asked : commitTree(repo, object?.sha ?? commit ?? "");
      if (!sha) return notFound();
      // GitHub treats any value of `recursive` (even "0" or "false") as recursive.
      const recursive = ctx.url.searchParams.has("recursive");
      const entries: ReturnType<typeof treeEntryJson>[] = [];
      if (recursive)
        walkTree(repo.objects, sha, (path, e) => entries.push(treeEntryJson(ctx, repo, path, e)));
      else {
        const tree = repo.objects.get(sha);
        if (tree?.type === "tree")
          for (const e of tree.entries) entries.push(treeEntryJson(ctx, repo, e.name, e));
      }
      const truncated = entries.length > ctx.limits.treeEntries;
      return ok({
        sha,
        url: `${apiBase(ctx, repo)}/git/trees/${sha}`,
        tree: truncated ? entries.slice(0, ctx.limits.treeEntries) : entries,
        truncated,
      });
    }),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/blobs/{file_sha}",
    auth: "installation",
    handle: withRepo((ctx, repo) => {
      const sha = ctx.params.file_sha ?? "";
      const blob = repo.objects.get(sha);
      if (blob?.type !== "blob") return notFound();
      return ok({
        sha,
        node_id: Buffer.from(`Blob:${sha}`).toString("base64url"),
        size: blob.content.length,
        url: `${apiBase(ctx, repo)}/git/blobs/${sha}`,
        content: base64Lines(blob.content),
        encoding: "base64",
      });
    }),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/contents/{path+}",
    auth: "installation",
    handle: withRepo((ctx, repo) => {
      const ref = ctx.url.searchParams.get("ref") ?? repo.defaultBranch;
      const commit = resolveCommit(repo, ref);
      if (!commit) return errorReply(404, `No commit found for the ref ${ref}`);
      const path = ctx.params.path ?? "";
      const entry = lookupPath(repo.objects, commitTree(repo, commit) ?? "", path);
      if (!entry) return notFound();
      const links = (p: string, e: TreeEntry) => ({
        url: `${apiBase(ctx, repo)}/contents/${p}?ref=${encodeURIComponent(ref)}`,
        git_url: `${apiBase(ctx, repo)}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
        html_url: `${ctx.urls.web}/${repo.owner.login}/${repo.name}/${e.type === "tree" ? "tree" : "blob"}/${ref}/${p}`,
      });
      const object = repo.objects.get(entry.sha);
      if (object?.type === "tree")
        return ok(
          object.entries.map((e) => {
            const p = path === "" ? e.name : `${path.replace(/\/$/, "")}/${e.name}`;
            const child = repo.objects.get(e.sha);
            return {
              type: e.type === "tree" ? "dir" : "file",
              name: e.name,
              path: p,
              sha: e.sha,
              size: child?.type === "blob" ? child.content.length : 0,
              ...links(p, e),
            };
          }),
        );
      if (object?.type !== "blob") return notFound();
      const inline = object.content.length <= CONTENTS_INLINE_LIMIT;
      return ok({
        type: "file",
        encoding: inline ? "base64" : "none",
        size: object.content.length,
        name: path.split("/").pop(),
        path,
        content: inline ? base64Lines(object.content) : "",
        sha: entry.sha,
        ...links(path, entry),
      });
    }),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits/{ref}",
    auth: "installation",
    handle: withRepo((ctx, repo) => {
      const ref = ctx.params.ref ?? "";
      const body = commitJson(ctx, repo, resolveCommit(repo, ref) ?? "");
      // GitHub answers an unknown ref here with 422, not 404.
      return body ? ok(body) : errorReply(422, `No commit found for SHA: ${ref}`);
    }),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/ref/{ref+}",
    auth: "installation",
    handle: withRepo((ctx, repo) => {
      const ref = ctx.params.ref ?? "";
      const branch = /^heads\/(.+)$/.exec(ref)?.[1];
      const sha = branch ? repo.refs.get(branch) : undefined;
      if (!sha) return notFound();
      return ok({
        ref: `refs/${ref}`,
        node_id: Buffer.from(`Ref:${repo.id}:${ref}`).toString("base64url"),
        url: `${apiBase(ctx, repo)}/git/refs/${ref}`,
        object: { sha, type: "commit", url: `${apiBase(ctx, repo)}/git/commits/${sha}` },
      });
    }),
  },
];
