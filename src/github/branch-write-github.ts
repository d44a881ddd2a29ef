import { BranchMovedError, type BranchWritePort, type FileChange } from "../workflows/branch-write-port.ts";
import { GitHubCallFault, githubMessage, toGitHubCallFault } from "./github-call-fault.ts";
import { maskCredentials, truncateChars } from "./mask-credentials.ts";
import type { InstallationOctokit } from "./octokit.ts";

export interface BranchWriteTarget {
  owner: string;
  repo: string;
  /** Values to mask in errors besides GitHub's token formats. */
  secrets?: readonly string[];
}

const short = (sha: string): string => sha.slice(0, 7);
/** GitHub's pull request body limit, in characters. */
const MAX_BODY = 65_536;

/**
 * Slipway's own commits over the Git Data API (`BranchWritePort`): one tree on the parent's tree, one
 * commit, then one ref write. The ref moves only by fast-forward (`force: false`), so a branch that
 * moved in the meantime is refused by GitHub itself and reported as `BranchMovedError`; the new tree
 * and commit are then unreferenced objects, which GitHub collects.
 */
export function githubBranchWrites(octokit: InstallationOctokit, target: BranchWriteTarget): BranchWritePort {
  const repo = { owner: target.owner, repo: target.repo };
  const where = `${repo.owner}/${repo.repo}`;
  const mask = (text: string): string => maskCredentials(text, target.secrets ?? []);
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof BranchMovedError || error instanceof GitHubCallFault) throw error;
      throw toGitHubCallFault(operation, error, target.secrets);
    }
  };
  const statusOf = (error: unknown): unknown => (error as { status?: unknown })?.status;

  /** The branch's head, or undefined when there is no such branch. */
  async function headOf(branch: string): Promise<string | undefined> {
    try {
      const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** A commit with `changes` on top of `parent`; returns its SHA. Writes no ref. */
  async function writeCommit(
    parent: string,
    message: string,
    changes: readonly FileChange[],
  ): Promise<string> {
    const { data: base } = await octokit.rest.git.getCommit({ ...repo, commit_sha: parent });
    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: base.tree.sha,
      tree: changes.map((c) => ({
        path: c.path,
        mode: "100644" as const,
        type: "blob" as const,
        content: c.content,
      })),
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      ...repo,
      message: mask(message),
      tree: tree.sha,
      parents: [parent],
    });
    return commit.sha;
  }

  return {
    commitToBranch: (input) =>
      call(`committing to ${input.branch} in ${where}`, async () => {
        const head = await headOf(input.branch);
        if (head === undefined)
          throw new GitHubCallFault(
            `committing to ${input.branch} in ${where}`,
            `branch ${input.branch} does not exist`,
            404,
          );
        if (head !== input.expectedHead) throw new BranchMovedError(input.branch, input.expectedHead, head);
        const sha = await writeCommit(input.expectedHead, input.message, input.changes);
        try {
          await octokit.rest.git.updateRef({ ...repo, ref: `heads/${input.branch}`, sha, force: false });
        } catch (error) {
          // Someone pushed between our read and our write: GitHub refuses to move the ref backwards.
          if (statusOf(error) === 422 && /fast forward/i.test(githubMessage(error) ?? ""))
            throw new BranchMovedError(
              input.branch,
              input.expectedHead,
              (await headOf(input.branch)) ?? "(deleted)",
            );
          throw error;
        }
        return { sha };
      }),

    openPullRequest: (input) =>
      call(`opening a pull request from ${input.branch} in ${where}`, async () => {
        if ((await headOf(input.branch)) !== undefined)
          throw new GitHubCallFault(
            `opening a pull request from ${input.branch} in ${where}`,
            `branch ${input.branch} exists already; nothing was written`,
            422,
          );
        const sha = await writeCommit(input.fromCommit, input.message, input.changes);
        try {
          // The branch is created at the finished commit: it never exists without the change.
          await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${input.branch}`, sha });
        } catch (error) {
          if (statusOf(error) === 422 && /already exists/i.test(githubMessage(error) ?? ""))
            throw new GitHubCallFault(
              `opening a pull request from ${input.branch} in ${where}`,
              `branch ${input.branch} exists already; nothing was written`,
              422,
            );
          throw error;
        }
        try {
          const { data } = await octokit.rest.pulls.create({
            ...repo,
            title: mask(input.title),
            body: truncateChars(mask(input.body), MAX_BODY),
            head: input.branch,
            base: input.baseBranch,
          });
          return { number: data.number, url: data.html_url, headSha: sha };
        } catch (error) {
          const fault = toGitHubCallFault("creating the pull request", error, target.secrets);
          throw new GitHubCallFault(
            `opening a pull request from ${input.branch} in ${where}`,
            `branch ${input.branch} was created at ${short(sha)} but the pull request was not (${fault.message})`,
            fault.status,
            fault.code,
          );
        }
      }),
  };
}
