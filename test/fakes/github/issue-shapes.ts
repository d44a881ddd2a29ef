import { appJson, authorAssociation, type Urls, userJson } from "./shapes.ts";
import type {
  AppInfo,
  CommentState,
  FakeState,
  IssueState,
  LabelState,
  PullState,
  RepoState,
} from "./state.ts";

const nodeId = (kind: string, id: number): string => Buffer.from(`${kind}:${id}`).toString("base64url");

export function labelJson(urls: Urls, repo: RepoState, label: LabelState): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${urls.api}/repos/${repo.owner.login}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

/** An issue number's subject: an issue, or a pull request seen through the Issues API. */
export type IssueLike = { kind: "issue"; issue: IssueState } | { kind: "pull"; pull: PullState };

export function findIssueLike(state: FakeState, repo: RepoState, number: number): IssueLike | undefined {
  const issue = state.issue(repo, number);
  if (issue) return { kind: "issue", issue };
  const pull = state.pull(repo, number);
  return pull ? { kind: "pull", pull } : undefined;
}

function commentCount(comments: readonly CommentState[], repo: RepoState, number: number): number {
  return comments.filter((c) => c.repo === repo && c.issueNumber === number).length;
}

/**
 * The Issues API's shape for an issue, or for a pull request (which then carries a `pull_request` key,
 * as GitHub lists pull requests among issues).
 */
export function issueJson(
  urls: Urls,
  app: AppInfo,
  state: FakeState,
  subject: IssueLike,
): Record<string, unknown> {
  const common = subject.kind === "issue" ? subject.issue : subject.pull;
  const { repo, number } = common;
  const full = `${repo.owner.login}/${repo.name}`;
  const api = `${urls.api}/repos/${full}/issues/${number}`;
  const labels = (subject.kind === "issue" ? subject.issue.labels : (subject.pull.labels ?? [])).flatMap(
    (name) => {
      const label = state.labelsOf(repo).find((l) => l.name === name);
      return label ? [labelJson(urls, repo, label)] : [];
    },
  );
  const closed = common.state === "closed";
  const base = {
    id: common.id,
    node_id: nodeId(subject.kind === "issue" ? "Issue" : "PullRequest", common.id),
    url: api,
    repository_url: `${urls.api}/repos/${full}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    timeline_url: `${api}/timeline`,
    number,
    title: common.title,
    body: common.body,
    user: userJson(urls, common.user),
    labels,
    state: common.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: commentCount(state.comments, repo, number),
    created_at: common.createdAt,
    updated_at: common.updatedAt,
    author_association: authorAssociation(repo, common.user),
    active_lock_reason: null,
  };
  if (subject.kind === "pull") {
    const pull = subject.pull;
    return {
      ...base,
      html_url: `${urls.web}/${full}/pull/${number}`,
      closed_at: closed ? pull.updatedAt : null,
      state_reason: null,
      draft: pull.draft,
      performed_via_github_app: null,
      pull_request: {
        url: `${urls.api}/repos/${full}/pulls/${number}`,
        html_url: `${urls.web}/${full}/pull/${number}`,
        diff_url: `${urls.web}/${full}/pull/${number}.diff`,
        patch_url: `${urls.web}/${full}/pull/${number}.patch`,
        merged_at: pull.mergedAt ?? null,
      },
    };
  }
  const issue = subject.issue;
  return {
    ...base,
    html_url: `${urls.web}/${full}/issues/${number}`,
    closed_at: issue.closedAt,
    state_reason: issue.stateReason,
    performed_via_github_app: issue.viaApp ? appJson(urls, app) : null,
  };
}
