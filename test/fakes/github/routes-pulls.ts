import { hashObject, readTree } from "./git-objects.ts";
import { paginate } from "./pagination.ts";
import { notFound, ok } from "./replies.ts";
import { commitTree } from "./resolve-ref.ts";
import { type Route, type RouteContext, visibleRepo } from "./routing.ts";
import { pullJson } from "./shapes.ts";
import type { PullState } from "./state.ts";

function findPull(ctx: RouteContext): PullState | undefined {
  const repo = visibleRepo(ctx);
  return repo ? ctx.state.pull(repo, Number(ctx.params.pull_number)) : undefined;
}

const lines = (content: Buffer): string[] =>
  content.length === 0 ? [] : content.toString("utf8").split("\n");

/** Counts lines only on one side (a multiset difference): enough for additions/deletions totals. */
export function lineDelta(before: Buffer, after: Buffer): { additions: number; deletions: number } {
  const remaining = new Map<string, number>();
  for (const line of lines(before)) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of lines(after)) {
    const n = remaining.get(line) ?? 0;
    if (n > 0) remaining.set(line, n - 1);
    else additions++;
  }
  let deletions = 0;
  for (const n of remaining.values()) deletions += n;
  return { additions, deletions };
}

/** The three-dot diff GitHub lists: merge base (the base SHA the pull request was opened on) → head. */
function changedFiles(ctx: RouteContext, pull: PullState) {
  const objects = pull.repo.objects;
  const base = readTree(objects, commitTree(pull.repo, pull.baseSha) ?? "");
  const head = readTree(objects, commitTree(pull.repo, pull.headSha) ?? "");
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const full = `${pull.repo.owner.login}/${pull.repo.name}`;
  const files = [];
  for (const filename of names) {
    const before = base.get(filename);
    const after = head.get(filename);
    if (before && after && before.equals(after)) continue;
    const status = !before ? "added" : !after ? "removed" : "modified";
    const { additions, deletions } = lineDelta(before ?? Buffer.alloc(0), after ?? Buffer.alloc(0));
    const sha = hashObject("blob", after ?? before ?? Buffer.alloc(0));
    const at = status === "removed" ? pull.baseSha : pull.headSha;
    files.push({
      sha,
      filename,
      status,
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${ctx.urls.web}/${full}/blob/${at}/${filename}`,
      raw_url: `${ctx.urls.web}/${full}/raw/${at}/${filename}`,
      contents_url: `${ctx.urls.api}/repos/${full}/contents/${filename}?ref=${at}`,
    });
  }
  return files;
}

export const pullRoutes: readonly Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls",
    auth: "installation",
    handle: (ctx) => {
      const repo = visibleRepo(ctx);
      if (!repo) return notFound();
      const state = ctx.url.searchParams.get("state") ?? "open";
      // `head` filters only as "owner:branch"; GitHub silently ignores a bare branch name (a known trap).
      const head = ctx.url.searchParams.get("head");
      const base = ctx.url.searchParams.get("base");
      const headMatches = (p: PullState): boolean => {
        if (head === null || !head.includes(":")) return true;
        const [owner = "", branch] = head.split(":", 2);
        return p.headRef === branch && p.headRepo.owner.login.toLowerCase() === owner.toLowerCase();
      };
      // GitHub's default order: newest first.
      const pulls = ctx.state.pulls
        .filter((p) => p.repo === repo && (state === "all" || p.state === state))
        .filter((p) => headMatches(p) && (base === null || p.baseRef === base))
        .sort((a, b) => b.number - a.number);
      return paginate(ctx.url, pulls, (page) => page.map((p) => pullJson(ctx.urls, p)));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    auth: "installation",
    handle: (ctx) => {
      const pull = findPull(ctx);
      return pull ? ok(pullJson(ctx.urls, pull)) : notFound();
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    auth: "installation",
    handle: (ctx) => {
      const pull = findPull(ctx);
      if (!pull) return notFound();
      // GitHub lists at most 3,000 files for a pull request, silently.
      return paginate(ctx.url, changedFiles(ctx, pull).slice(0, ctx.limits.pullFiles));
    },
  },
];
