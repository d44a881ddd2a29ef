import { GitMirrorFault } from "./git-mirror-fault.ts";

/** What one fetch asks the remote for, and the local ref that keeps it. */
export interface FetchTarget {
  /** The commit asked for by SHA, or null for a branch. */
  sha: string | null;
  refspec: string;
  localRef: string;
  /** For messages: `branch main` or `commit 3f2a…`. */
  label: string;
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export function isCommitSha(text: string): boolean {
  return SHA.test(text);
}

/**
 * A branch name (optionally `refs/heads/…`) or a full commit SHA. Branch names follow
 * `git check-ref-format --branch`, stricter where it helps: no leading `-`, so a name can never be
 * read as an option.
 */
export function fetchTarget(ref: string): FetchTarget {
  const text = ref.trim();
  if (SHA.test(text.toLowerCase())) {
    const sha = text.toLowerCase();
    return {
      sha,
      refspec: `+${sha}:refs/slipway/commits/${sha}`,
      localRef: `refs/slipway/commits/${sha}`,
      label: `commit ${sha}`,
    };
  }
  const branch = branchName(text);
  return {
    sha: null,
    refspec: `+refs/heads/${branch}:refs/remotes/origin/${branch}`,
    localRef: `refs/remotes/origin/${branch}`,
    label: `branch ${branch}`,
  };
}

export function branchName(ref: string): string {
  const name = ref.trim().replace(/^refs\/heads\//, "");
  const bad =
    name.length === 0 ||
    name.length > 255 ||
    !/^[A-Za-z0-9._/-]+$/.test(name) ||
    /^[-/.]|\/[-.]|\.\.|\/\/|@\{|\.lock(?:\/|$)|[/.]$/.test(name);
  if (bad) {
    const shown = JSON.stringify(name.slice(0, 100));
    throw new GitMirrorFault("invalid", `${shown} is neither a branch name nor a full commit SHA`);
  }
  return name;
}
