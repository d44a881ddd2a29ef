import { ancestors, compareCommits } from "./commit-graph.ts";
import { pageParams, paginate } from "./pagination.ts";
import { errorReply, notFound, ok, type Reply } from "./replies.ts";
import { resolveCommit } from "./resolve-ref.ts";
import { commitJson } from "./routes-git.ts";
import { lineDelta } from "./routes-pulls.ts";
import { type Route, type RouteContext, visibleRepo } from "./routing.ts";
import { pullJson } from "./shapes.ts";
import type { RepoState } from "./state.ts";
import { changedPaths, filesAt } from "./tree-changes.ts";

/** Without paging parameters GitHub lists at most this many commits of a comparison. */
const UNPAGED_COMMITS = 250;

function fileEntries(ctx: RouteContext, repo: RepoState, from: string, to: string) {
  const before = filesAt(repo.objects, from);
  const after = filesAt(repo.objects, to);
  const changes = changedPaths(before, after);
  const full = `${repo.owner.login}/${repo.name}`;
  const entry = (filename: string, status: string) => {
    const was = before.get(filename) ?? Buffer.alloc(0);
    const is = after.get(filename) ?? Buffer.alloc(0);
    const { additions, deletions } = lineDelta(was, is);
    const at = status === "removed" ? from : to;
    return {
      filename,
      status,
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${ctx.urls.web}/${full}/blob/${at}/${filename}`,
      raw_url: `${ctx.urls.web}/${full}/raw/${at}/${filename}`,
      contents_url: `${ctx.urls.api}/repos/${full}/contents/${filename}?ref=${at}`,
    };
  };
  return [
    ...changes.added.map((f) => entry(f, "added")),
    ...changes.removed.map((f) => entry(f, "removed")),
    ...changes.modified.map((f) => entry(f, "modified")),
  ].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
}

/** `GET /compare/{base}...{head}`: status, counts, merge base, commits (oldest first) and files. */
function compare(ctx: RouteContext): Reply {
  const repo = visibleRepo(ctx);
  if (!repo) return notFound();
  const basehead = ctx.params.basehead ?? "";
  const [baseRef, headRef, ...rest] = basehead.split("...");
  if (baseRef === undefined || headRef === undefined || rest.length > 0) return notFound();
  const base = resolveCommit(repo, baseRef);
  const head = resolveCommit(repo, headRef);
  if (!base || !head) return notFound();
  const comparison = compareCommits(repo.objects, base, head);
  if (!comparison) return errorReply(404, `No common ancestor between ${baseRef} and ${headRef}.`);
  const full = `${repo.owner.login}/${repo.name}`;
  const owner = repo.owner.login;
  const body = {
    url: `${ctx.urls.api}/repos/${full}/compare/${basehead}`,
    html_url: `${ctx.urls.web}/${full}/compare/${basehead}`,
    permalink_url: `${ctx.urls.web}/${full}/compare/${owner}:${base}...${owner}:${head}`,
    diff_url: `${ctx.urls.web}/${full}/compare/${basehead}.diff`,
    patch_url: `${ctx.urls.web}/${full}/compare/${basehead}.patch`,
    base_commit: commitJson(ctx, repo, base),
    merge_base_commit: commitJson(ctx, repo, comparison.mergeBase),
    status: comparison.status,
    ahead_by: comparison.aheadBy,
    behind_by: comparison.behindBy,
    total_commits: comparison.aheadBy,
    files: fileEntries(ctx, repo, comparison.mergeBase, head),
  };
  const commits = comparison.commits.map((sha) => commitJson(ctx, repo, sha));
  const q = ctx.url.searchParams;
  if (!q.has("page") && !q.has("per_page"))
    return ok({ ...body, commits: commits.slice(0, UNPAGED_COMMITS) });
  // Paged, the commits are split across pages and the files come with the first page only.
  const first = pageParams(q).page === 1;
  return paginate(ctx.url, commits, (page) => ({ ...body, files: first ? body.files : [], commits: page }));
}

/**
 * `GET /commits/{sha}/pulls`: for a commit on the default branch, the merged pull requests that brought
 * it in (its merge commit, or one of its commits); otherwise the open pull requests containing it.
 */
function pullsForCommit(ctx: RouteContext): Reply {
  const repo = visibleRepo(ctx);
  if (!repo) return notFound();
  const asked = ctx.params.commit_sha ?? "";
  const sha = resolveCommit(repo, asked);
  if (!sha) return errorReply(422, `No commit found for SHA: ${asked}`);
  const main = repo.refs.get(repo.defaultBranch);
  const onDefault = main !== undefined && ancestors(repo.objects, main).has(sha);
  const contains = (headSha: string, baseSha: string): boolean =>
    ancestors(repo.objects, headSha).has(sha) && !ancestors(repo.objects, baseSha).has(sha);
  const pulls = ctx.state.pulls
    .filter((p) => p.repo === repo)
    .filter((p) =>
      onDefault
        ? p.merged && (p.mergeCommitSha === sha || contains(p.headSha, p.baseSha))
        : p.state === "open" && contains(p.headSha, p.baseSha),
    )
    .sort((a, b) => b.number - a.number);
  return paginate(ctx.url, pulls, (page) => page.map((p) => pullJson(ctx.urls, p)));
}

export const compareRoutes: readonly Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/compare/{basehead}",
    auth: "installation",
    handle: compare,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    auth: "installation",
    handle: pullsForCommit,
  },
];
