/**
 * Commits Slipway writes itself (promotion and rollback change a Model manifest): on a pull request's
 * branch, or on a new branch with a new pull request. `src/github/branch-write-github.ts` implements it
 * over the Git Data and Pulls APIs; the installation token never enters a URL or a log.
 */
export interface FileChange {
  /** Repository path, e.g. `models/fraud-detection.yaml`. */
  path: string;
  /** The file's new UTF-8 content. */
  content: string;
}

export interface CommitToBranchInput {
  branch: string;
  /** The branch head the changes were computed from; a moved branch is refused (`BranchMovedError`). */
  expectedHead: string;
  message: string;
  changes: readonly FileChange[];
}

export interface OpenPullRequestInput {
  /** The new branch's name; refused when it exists. */
  branch: string;
  /** The commit the branch starts from. */
  fromCommit: string;
  /** The branch the pull request targets (the default branch). */
  baseBranch: string;
  title: string;
  body: string;
  message: string;
  changes: readonly FileChange[];
}

export interface BranchWritePort {
  /** One commit on top of `expectedHead`, fast-forwarding `branch`; returns the new commit's SHA. */
  commitToBranch(input: CommitToBranchInput): Promise<{ sha: string }>;
  /** A branch at `fromCommit`, one commit with the changes, and a pull request to `baseBranch`. */
  openPullRequest(input: OpenPullRequestInput): Promise<{ number: number; url: string; headSha: string }>;
}

/** The branch moved since the changes were computed: nothing was written. */
export class BranchMovedError extends Error {
  readonly branch: string;
  readonly expected: string;
  readonly actual: string;

  constructor(branch: string, expected: string, actual: string) {
    super(
      `branch ${branch} moved from ${expected.slice(0, 7)} to ${actual.slice(0, 7)}; nothing was written`,
    );
    this.name = "BranchMovedError";
    this.branch = branch;
    this.expected = expected;
    this.actual = actual;
  }
}
