import { isAncestor } from "./commit-graph.ts";
import { created, errorReply, field, invalidRequest, ok, type Reply } from "./replies.ts";
import { apiBase, withRepo } from "./routes-git.ts";
import type { Route, RouteContext } from "./routing.ts";
import type { FakeState, RepoState } from "./state.ts";

export function refJson(ctx: RouteContext, repo: RepoState, branch: string, sha: string) {
  return {
    ref: `refs/heads/${branch}`,
    node_id: Buffer.from(`Ref:${repo.id}:heads/${branch}`).toString("base64url"),
    url: `${apiBase(ctx, repo)}/git/refs/heads/${branch}`,
    object: { sha, type: "commit", url: `${apiBase(ctx, repo)}/git/commits/${sha}` },
  };
}

/** Git's ref-name rules that matter here (`git check-ref-format`, abridged). */
function validBranch(name: string): boolean {
  return (
    name !== "" &&
    !/[\s~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.lock$|\.$/.test(name) &&
    !name.split("/").some((part) => part.startsWith("."))
  );
}

/**
 * Moves a branch; every open pull request with that head follows it (GitHub's `synchronize`), recorded
 * in `state.synchronizations` so a test can deliver the event.
 */
export function moveBranch(state: FakeState, repo: RepoState, branch: string, sha: string): void {
  repo.refs.set(branch, sha);
  for (const pull of state.pulls) {
    if (pull.state !== "open" || pull.headRepo !== repo || pull.headRef !== branch || pull.headSha === sha)
      continue;
    state.synchronizations.push({ repo: pull.repo, number: pull.number, before: pull.headSha, after: sha });
    pull.headSha = sha;
    pull.repo.refs.set(`pull/${pull.number}/head`, sha);
    pull.updatedAt = state.stamp();
  }
}

function createRef(ctx: RouteContext, repo: RepoState): Reply {
  const ref = field(ctx.body, "ref");
  const sha = field(ctx.body, "sha");
  if (typeof ref !== "string") return invalidRequest(`"ref" wasn't supplied.`);
  if (typeof sha !== "string") return invalidRequest(`"sha" wasn't supplied.`);
  if (!/^refs\/[^/]+\/.+/.test(ref))
    return errorReply(422, "Reference name must start with 'refs/' and have at least two slashes.");
  const branch = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
  // Tags and other namespaces are not modelled: the fake keeps branches only.
  if (branch === undefined || !validBranch(branch)) return errorReply(422, `${ref} is not a valid ref name.`);
  if (repo.objects.get(sha)?.type !== "commit") return errorReply(422, "Object does not exist");
  if (repo.refs.has(branch)) return errorReply(422, "Reference already exists");
  repo.refs.set(branch, sha);
  return created(refJson(ctx, repo, branch, sha));
}

function updateRef(ctx: RouteContext, repo: RepoState): Reply {
  const sha = field(ctx.body, "sha");
  const force = field(ctx.body, "force") ?? false;
  if (typeof sha !== "string") return invalidRequest(`"sha" wasn't supplied.`);
  if (typeof force !== "boolean")
    return invalidRequest(`For 'properties/force', ${JSON.stringify(force)} is not a boolean.`);
  // The ref is named without "refs/" here ("heads/main"); GitHub treats "refs/heads/main" as unknown.
  const branch = /^heads\/(.+)$/.exec(ctx.params.ref ?? "")?.[1];
  const current = branch === undefined ? undefined : repo.refs.get(branch);
  if (branch === undefined || current === undefined) return errorReply(422, "Reference does not exist");
  if (repo.objects.get(sha)?.type !== "commit") return errorReply(422, "Object does not exist");
  if (!force && !isAncestor(repo.objects, current, sha))
    return errorReply(422, "Update is not a fast forward");
  moveBranch(ctx.state, repo, branch, sha);
  return ok(refJson(ctx, repo, branch, sha));
}

export const refRoutes: readonly Route[] = [
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/refs",
    auth: "installation",
    handle: withRepo(createRef),
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/git/refs/{ref+}",
    auth: "installation",
    handle: withRepo(updateRef),
  },
];
