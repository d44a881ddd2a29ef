import type { DeploymentState } from "./deployment-state.ts";
import type { ObjectStore } from "./git-objects.ts";

export type UserType = "User" | "Bot" | "Organization";

export interface User {
  readonly login: string;
  readonly id: number;
  readonly type: UserType;
}

/** GitHub's repository roles; the legacy `permission` field folds maintain→write and triage→read. */
export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read";

export interface RepoState {
  readonly id: number;
  readonly owner: User;
  readonly name: string;
  readonly private: boolean;
  readonly fork: boolean;
  defaultBranch: string;
  /** Branch name → commit SHA; also holds `pull/<n>/head` as GitHub does for pull requests. */
  readonly refs: Map<string, string>;
  readonly objects: ObjectStore;
  readonly roles: Map<string, RepoRole>;
  /** The installation that can see this repository, or undefined when the app is not installed on it. */
  installationId: number | undefined;
}

export interface PullState {
  readonly id: number;
  readonly number: number;
  readonly repo: RepoState;
  readonly headRepo: RepoState;
  readonly headRef: string;
  headSha: string;
  readonly baseRef: string;
  baseSha: string;
  readonly user: User;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  /** Set by `mergePullRequest`, as GitHub sets them on merge. */
  mergedAt?: string;
  /** Label names set through the Issues API (a pull request is an issue too). */
  labels?: string[];
  mergeCommitSha?: string;
  readonly createdAt: string;
  updatedAt: string;
}

export type IssueStateReason = "completed" | "not_planned" | "reopened";

/** An issue that is not a pull request; issues and pull requests share one number sequence per repository. */
export interface IssueState {
  readonly id: number;
  readonly number: number;
  readonly repo: RepoState;
  readonly user: User;
  /** Set when the issue was created with an installation token (performed_via_github_app). */
  readonly viaApp: boolean;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: IssueStateReason | null;
  /** Label names, as the repository spells them. */
  labels: string[];
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface LabelState {
  readonly id: number;
  readonly name: string;
  readonly color: string;
  readonly description: string | null;
}

/** A pull request whose head branch moved (what a `synchronize` event reports). */
export interface Synchronization {
  readonly repo: RepoState;
  readonly number: number;
  readonly before: string;
  readonly after: string;
}

export interface Annotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly start_column?: number;
  readonly end_column?: number;
  readonly annotation_level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title?: string;
  readonly raw_details?: string;
}

export interface CheckRunState {
  readonly id: number;
  readonly repo: RepoState;
  readonly appId: number;
  readonly checkSuiteId: number;
  name: string;
  readonly headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation ever sent, in order: GitHub appends a PATCH's annotations to the existing ones. */
  readonly annotations: Annotation[];
}

export interface CommentState {
  readonly id: number;
  readonly repo: RepoState;
  readonly issueNumber: number;
  readonly user: User;
  body: string;
  /** Set when the comment was written with an installation token. */
  readonly viaApp: boolean;
  readonly createdAt: string;
  updatedAt: string;
  /** Every body the comment has had, oldest first, so tests can assert on edits. */
  readonly history: string[];
}

export const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] as const;
export type ReactionContent = (typeof REACTIONS)[number];

export interface ReactionState {
  readonly id: number;
  readonly commentId: number;
  readonly user: User;
  readonly content: ReactionContent;
  readonly createdAt: string;
}

export interface InstallationState {
  readonly id: number;
  readonly account: User;
}

export interface IssuedToken {
  readonly token: string;
  readonly installationId: number;
  readonly expiresAt: number;
}

export interface AppInfo {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly owner: User;
  readonly bot: User;
}

/** Everything the fake knows; tests may read it directly (and seed it through the fake's helpers). */
export class FakeState {
  readonly users = new Map<string, User>();
  readonly repos = new Map<string, RepoState>();
  readonly pulls: PullState[] = [];
  readonly issues: IssueState[] = [];
  /** Labels by repository id. */
  readonly labels = new Map<number, LabelState[]>();
  /** Pull request heads moved by a ref update, oldest first. */
  readonly synchronizations: Synchronization[] = [];
  readonly checkRuns: CheckRunState[] = [];
  readonly checkSuites = new Map<string, number>();
  readonly comments: CommentState[] = [];
  readonly reactions: ReactionState[] = [];
  readonly deployments: DeploymentState[] = [];
  readonly installations: InstallationState[] = [];
  readonly tokens = new Map<string, IssuedToken>();
  #nextId = 1000;
  #clock: () => Date;

  constructor(clock: () => Date) {
    this.#clock = clock;
  }

  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  now(): Date {
    return this.#clock();
  }

  /** The clock as GitHub prints timestamps: ISO 8601 without milliseconds. */
  stamp(): string {
    return this.#clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
  }

  /** Returns the user with this login, registering it on first sight (logins are case-insensitive). */
  user(login: string, type: UserType = "User"): User {
    const key = login.toLowerCase();
    const known = this.users.get(key);
    if (known) return known;
    const user: User = { login, id: this.nextId(), type };
    this.users.set(key, user);
    return user;
  }

  repo(owner: string, name: string): RepoState | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  pull(repo: RepoState, number: number): PullState | undefined {
    return this.pulls.find((p) => p.repo === repo && p.number === number);
  }

  issue(repo: RepoState, number: number): IssueState | undefined {
    return this.issues.find((i) => i.repo === repo && i.number === number);
  }

  /** The next issue or pull request number of a repository: one sequence for both, as on GitHub. */
  nextNumber(repo: RepoState): number {
    const taken = [...this.pulls, ...this.issues].filter((x) => x.repo === repo).map((x) => x.number);
    return Math.max(0, ...taken) + 1;
  }

  labelsOf(repo: RepoState): LabelState[] {
    let labels = this.labels.get(repo.id);
    if (!labels) {
      labels = [];
      this.labels.set(repo.id, labels);
    }
    return labels;
  }

  checkSuiteId(repo: RepoState, headSha: string, appId: number): number {
    const key = `${repo.id}:${headSha}:${appId}`;
    let id = this.checkSuites.get(key);
    if (id === undefined) {
      id = this.nextId();
      this.checkSuites.set(key, id);
    }
    return id;
  }
}
