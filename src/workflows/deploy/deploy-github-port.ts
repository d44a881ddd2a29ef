/** Where the deploy records itself on GitHub (issue #9); `src/github/deployments-github.ts` implements it. */

export type DeploymentStatusValue = "in_progress" | "success" | "failure" | "error" | "inactive";

/** How `head` relates to `base` in the commit graph (GitHub's compare statuses). */
export type CommitOrder = "ahead" | "identical" | "behind" | "diverged";

export interface CreateDeploymentInput {
  sha: string;
  environment: string;
  description: string;
  productionEnvironment: boolean;
  payload: Record<string, unknown>;
}

export interface DeploymentStatusInput {
  description: string;
  environmentUrl?: string;
  logUrl?: string;
}

export interface DeployGitHubPort {
  /** Creates a Deployment for sha in environment (auto_merge false, required_contexts []), returns its id. */
  createDeployment(input: CreateDeploymentInput): Promise<number>;
  /** Posts a status; success with environment_url; earlier deployments become inactive by GitHub's auto_inactive. */
  setDeploymentStatus(id: number, state: DeploymentStatusValue, input: DeploymentStatusInput): Promise<void>;
  /**
   * This app's Deployments of sha to environment that never finished: the newest status is in_progress,
   * queued or pending, or there is none yet (an executor that died between creating and marking it).
   */
  unfinishedDeployments(sha: string, environment: string): Promise<number[]>;
  /** "ahead" when head descends from base; "identical"; "behind"; "diverged". */
  compareCommits(base: string, head: string): Promise<CommitOrder>;
  /** The conclusion of this app's latest check run `name` on sha, or null when none. */
  checkConclusion(sha: string, name: string): Promise<string | null>;
  /** Pull requests whose merge commit is sha (GET /repos/{o}/{r}/commits/{sha}/pulls), numbers only. */
  pullsForCommit(sha: string): Promise<number[]>;
  /** A plain comment on a pull request (the deploy report). */
  comment(pr: number, body: string): Promise<void>;
}
