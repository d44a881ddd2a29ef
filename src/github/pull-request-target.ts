import type { ReviewTarget } from "../workflows/review-ports.ts";

interface PullRequestLike {
  number: number;
  head: { sha: string; repo: { full_name: string } | null };
  base: { ref?: string; repo: { full_name: string; default_branch?: string } };
}

/** The review target of a pull request payload or API object; a head in another repository is a fork. */
export function reviewTargetOf(pr: PullRequestLike, defaultBranch: string): ReviewTarget {
  const [owner = "", repo = ""] = pr.base.repo.full_name.split("/");
  const main = pr.base.repo.default_branch ?? defaultBranch;
  return {
    owner,
    repo,
    number: pr.number,
    headSha: pr.head.sha,
    defaultBranch: main,
    ...(pr.base.ref && pr.base.ref !== main ? { baseBranch: pr.base.ref } : {}),
    fork: pr.head.repo === null || pr.head.repo.full_name !== pr.base.repo.full_name,
  };
}
