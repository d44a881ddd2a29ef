import { STICKY_MARKER } from "../report/sticky-comment.ts";
import type { StickyResult } from "../workflows/review-ports.ts";
import type { InstallationOctokit } from "./octokit.ts";

/**
 * Creates or edits Slipway's one comment on a pull request. It is found by its marker *and* by being
 * written by this app, so a user quoting the marker cannot capture it. Nothing is written when the pull
 * request's head has moved past `headSha`: an older result never replaces a newer one.
 */
export async function upsertStickyComment(
  octokit: InstallationOctokit,
  pr: { owner: string; repo: string; number: number },
  appId: number,
  headSha: string,
  body: string,
): Promise<StickyResult> {
  const repo = { owner: pr.owner, repo: pr.repo };
  const { data: current } = await octokit.rest.pulls.get({ ...repo, pull_number: pr.number });
  if (current.head.sha !== headSha) return "stale";
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: pr.number,
    per_page: 100,
  });
  const mine = comments.find((c) => isMine(c, appId));
  if (!mine) {
    await octokit.rest.issues.createComment({ ...repo, issue_number: pr.number, body });
    return "created";
  }
  if (mine.body === body) return "unchanged";
  await octokit.rest.issues.updateComment({ ...repo, comment_id: mine.id, body });
  return "updated";
}

type ListedComment = {
  body?: string;
  user?: { type?: string } | null;
  performed_via_github_app?: { id?: number } | null;
};

function isMine(c: ListedComment, appId: number): boolean {
  return Boolean(
    c.body?.includes(STICKY_MARKER) && c.user?.type === "Bot" && c.performed_via_github_app?.id === appId,
  );
}

/** The body of Slipway's own sticky comment on a pull request (marker and author), or null. */
export async function readStickyComment(
  octokit: InstallationOctokit,
  pr: { owner: string; repo: string; number: number },
  appId: number,
): Promise<string | null> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.number,
    per_page: 100,
  });
  return comments.find((c) => isMine(c, appId))?.body ?? null;
}
