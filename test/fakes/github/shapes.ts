import type {
  AppInfo,
  CheckRunState,
  CommentState,
  InstallationState,
  PullState,
  ReactionState,
  RepoState,
  User,
} from "./state.ts";

/** Where the fake lives: `web` for html_url fields, `api` (…/api/v3) for url fields, as on GHE. */
export interface Urls {
  readonly web: string;
  readonly api: string;
}

const nodeId = (kind: string, id: number): string => Buffer.from(`${kind}:${id}`).toString("base64url");

export function userJson(urls: Urls, user: User): Record<string, unknown> {
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId("User", user.id),
    avatar_url: `${urls.web}/avatars/u/${user.id}`,
    url: `${urls.api}/users/${encodeURIComponent(user.login)}`,
    html_url: `${urls.web}/${user.type === "Bot" ? "apps/" : ""}${user.login.replace(/\[bot\]$/, "")}`,
    type: user.type,
    site_admin: false,
  };
}

export function appJson(urls: Urls, app: AppInfo): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("App", app.id),
    client_id: `Iv1.${app.id}`,
    owner: userJson(urls, app.owner),
    name: app.name,
    description: "Validates platform-repository pull requests.",
    external_url: "https://example.com/slipway",
    html_url: `${urls.web}/apps/${app.slug}`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    permissions: {
      checks: "write",
      contents: "write",
      deployments: "write",
      issues: "write",
      pull_requests: "write",
      metadata: "read",
    },
    events: ["pull_request", "issue_comment", "check_run", "check_suite", "push"],
    installations_count: 1,
  };
}

export function installationJson(urls: Urls, app: AppInfo, inst: InstallationState): Record<string, unknown> {
  return {
    id: inst.id,
    account: userJson(urls, inst.account),
    repository_selection: "selected",
    access_tokens_url: `${urls.api}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.web}/organizations/${inst.account.login}/settings/installations/${inst.id}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: inst.account.id,
    target_type: inst.account.type === "Organization" ? "Organization" : "User",
    permissions: appJson(urls, app).permissions,
    events: appJson(urls, app).events,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    single_file_name: null,
    suspended_at: null,
    suspended_by: null,
  };
}

export function repoJson(urls: Urls, repo: RepoState): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    owner: userJson(urls, repo.owner),
    html_url: `${urls.web}/${fullName}`,
    url: `${urls.api}/repos/${fullName}`,
    // Where git fetches from: smart HTTP on the web host (routes-git-http.ts), as on github.com.
    clone_url: `${urls.web}/${fullName}.git`,
    fork: repo.fork,
    default_branch: repo.defaultBranch,
    visibility: repo.private ? "private" : "public",
    archived: false,
    disabled: false,
  };
}

export function pullJson(urls: Urls, pull: PullState): Record<string, unknown> {
  const fullName = `${pull.repo.owner.login}/${pull.repo.name}`;
  return {
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    number: pull.number,
    url: `${urls.api}/repos/${fullName}/pulls/${pull.number}`,
    html_url: `${urls.web}/${fullName}/pull/${pull.number}`,
    issue_url: `${urls.api}/repos/${fullName}/issues/${pull.number}`,
    state: pull.state,
    locked: false,
    title: pull.title,
    body: pull.body,
    user: userJson(urls, pull.user),
    draft: pull.draft,
    merged: pull.merged,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.state === "closed" ? pull.updatedAt : null,
    merged_at: pull.mergedAt ?? null,
    merge_commit_sha: pull.mergeCommitSha ?? null,
    author_association: authorAssociation(pull.repo, pull.user),
    head: {
      label: `${pull.headRepo.owner.login}:${pull.headRef}`,
      ref: pull.headRef,
      sha: pull.headSha,
      user: userJson(urls, pull.headRepo.owner),
      repo: repoJson(urls, pull.headRepo),
    },
    base: {
      label: `${pull.repo.owner.login}:${pull.baseRef}`,
      ref: pull.baseRef,
      sha: pull.baseSha,
      user: userJson(urls, pull.repo.owner),
      repo: repoJson(urls, pull.repo),
    },
  };
}

export function authorAssociation(repo: RepoState, user: User): string {
  if (user.id === repo.owner.id) return "OWNER";
  if (repo.roles.has(user.login.toLowerCase())) return "COLLABORATOR";
  return "NONE";
}

export function checkRunJson(urls: Urls, app: AppInfo, run: CheckRunState): Record<string, unknown> {
  const fullName = `${run.repo.owner.login}/${run.repo.name}`;
  return {
    id: run.id,
    node_id: nodeId("CheckRun", run.id),
    head_sha: run.headSha,
    external_id: run.externalId,
    url: `${urls.api}/repos/${fullName}/check-runs/${run.id}`,
    html_url: `${urls.web}/${fullName}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${urls.web}/apps/${app.slug}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${urls.api}/repos/${fullName}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: run.appId === app.id ? appJson(urls, app) : { id: run.appId, slug: `app-${run.appId}` },
    pull_requests: [],
  };
}

export function commentJson(
  urls: Urls,
  app: AppInfo,
  comment: CommentState,
  reactions: readonly ReactionState[],
  /** Where the comment lives on the web: a pull request's page or an issue's. */
  page: "pull" | "issues" = "pull",
): Record<string, unknown> {
  const fullName = `${comment.repo.owner.login}/${comment.repo.name}`;
  const mine = reactions.filter((r) => r.commentId === comment.id);
  const count = (content: string): number => mine.filter((r) => r.content === content).length;
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    url: `${urls.api}/repos/${fullName}/issues/comments/${comment.id}`,
    html_url: `${urls.web}/${fullName}/${page}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${urls.api}/repos/${fullName}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(urls, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(comment.repo, comment.user),
    performed_via_github_app: comment.viaApp ? appJson(urls, app) : null,
    reactions: {
      url: `${urls.api}/repos/${fullName}/issues/comments/${comment.id}/reactions`,
      total_count: mine.length,
      "+1": count("+1"),
      "-1": count("-1"),
      laugh: count("laugh"),
      hooray: count("hooray"),
      confused: count("confused"),
      heart: count("heart"),
      rocket: count("rocket"),
      eyes: count("eyes"),
    },
  };
}

export function reactionJson(urls: Urls, reaction: ReactionState): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: nodeId("Reaction", reaction.id),
    user: userJson(urls, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}
