import { readTree, writeCommit, writeTree } from "./git-objects.ts";
import { commitTree } from "./resolve-ref.ts";
import type {
  CommentState,
  FakeState,
  IssueState,
  PullState,
  RepoRole,
  RepoState,
  User,
  UserType,
} from "./state.ts";

export type FileContent = string | Uint8Array;
/** Files to write; in a patch, null deletes the path. */
export type FilePatch = Readonly<Record<string, FileContent | null>>;
export type UserRef = string | { readonly login: string; readonly type?: UserType };

export function toUser(state: FakeState, ref: UserRef): User {
  return typeof ref === "string" ? state.user(ref) : state.user(ref.login, ref.type ?? "User");
}

export interface RepoSeed {
  readonly owner: string;
  readonly name: string;
  readonly defaultBranch?: string;
  readonly files?: Readonly<Record<string, FileContent>>;
  readonly private?: boolean;
  /** The owner account's type (default Organization). */
  readonly ownerType?: UserType;
  /** When false the app is not installed on the repository: its token gets 404s there. */
  readonly installed?: boolean;
}

export function addRepo(state: FakeState, installationId: number, seed: RepoSeed): RepoState {
  if (state.repo(seed.owner, seed.name))
    throw new Error(`fake GitHub: ${seed.owner}/${seed.name} exists already`);
  const repo: RepoState = {
    id: state.nextId(),
    owner: state.user(seed.owner, seed.ownerType ?? "Organization"),
    name: seed.name,
    private: seed.private ?? true,
    fork: false,
    defaultBranch: seed.defaultBranch ?? "main",
    refs: new Map(),
    objects: new Map(),
    roles: new Map(),
    installationId: seed.installed === false ? undefined : installationId,
  };
  state.repos.set(`${seed.owner}/${seed.name}`.toLowerCase(), repo);
  commitFiles(state, repo, repo.defaultBranch, seed.files ?? {}, {
    replace: true,
    message: "Initial commit",
  });
  return repo;
}

export interface CommitOptions {
  /** Treat `files` as the whole tree instead of a patch on the branch's tip. */
  readonly replace?: boolean;
  readonly message?: string;
  /** Where a new branch starts (default: the default branch's tip). */
  readonly from?: string;
}

/** Commits onto `branch` (creating it from `from` if needed) and moves the branch; returns the commit SHA. */
export function commitFiles(
  state: FakeState,
  repo: RepoState,
  branch: string,
  files: FilePatch,
  options: CommitOptions = {},
): string {
  const parent = repo.refs.get(branch) ?? repo.refs.get(options.from ?? repo.defaultBranch);
  const tree = new Map<string, Buffer>(
    options.replace || !parent ? [] : readTree(repo.objects, commitTree(repo, parent) ?? ""),
  );
  for (const [path, content] of Object.entries(files)) {
    if (content === null) tree.delete(path);
    else tree.set(path, Buffer.from(content));
  }
  const treeSha = writeTree(repo.objects, tree);
  const sha = writeCommit(
    repo.objects,
    treeSha,
    parent ? [parent] : [],
    options.message ?? `Update ${branch}`,
    state.now(),
  );
  repo.refs.set(branch, sha);
  return sha;
}

export interface PullSeed {
  readonly owner: string;
  readonly repo: string;
  readonly number?: number;
  readonly title?: string;
  readonly body?: string | null;
  /** Base branch (default: the repository's default branch). */
  readonly base?: string;
  /** Head branch name (default `change-<number>`). */
  readonly head?: string;
  /** Changes on the head relative to the base tip; null deletes. */
  readonly files?: FilePatch;
  /** The author (default "octocat"); for a fork the fork belongs to this user. */
  readonly user?: UserRef;
  readonly fork?: boolean;
  readonly draft?: boolean;
}

function copyObjects(from: RepoState, to: RepoState): void {
  for (const [sha, object] of from.objects) to.objects.set(sha, object);
}

export function openPullRequest(state: FakeState, seed: PullSeed): PullState {
  const repo = state.repo(seed.owner, seed.repo);
  if (!repo) throw new Error(`fake GitHub: no repository ${seed.owner}/${seed.repo}`);
  const number = seed.number ?? state.nextNumber(repo);
  if (state.pull(repo, number) || state.issue(repo, number))
    throw new Error(`fake GitHub: ${seed.owner}/${seed.repo}#${number} exists already`);
  const user = toUser(state, seed.user ?? "octocat");
  const baseRef = seed.base ?? repo.defaultBranch;
  const baseSha = repo.refs.get(baseRef);
  if (!baseSha) throw new Error(`fake GitHub: no branch ${baseRef}`);
  const headRef = seed.head ?? `change-${number}`;
  const headRepo = seed.fork ? forkOf(state, repo, user) : repo;
  const headSha = commitFiles(state, headRepo, headRef, seed.files ?? {}, {
    from: baseRef,
    message: seed.title ?? `Change ${number}`,
  });
  // GitHub keeps a fork's head commits in the base repository too, under refs/pull/<n>/head.
  if (headRepo !== repo) copyObjects(headRepo, repo);
  repo.refs.set(`pull/${number}/head`, headSha);
  const now = state
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const pull: PullState = {
    id: state.nextId(),
    number,
    repo,
    headRepo,
    headRef,
    headSha,
    baseRef,
    baseSha,
    user,
    title: seed.title ?? `Change ${number}`,
    body: seed.body ?? null,
    state: "open",
    draft: seed.draft ?? false,
    merged: false,
    createdAt: now,
    updatedAt: now,
  };
  state.pulls.push(pull);
  return pull;
}

function forkOf(state: FakeState, repo: RepoState, user: User): RepoState {
  const existing = state.repo(user.login, repo.name);
  if (existing) return existing;
  const fork: RepoState = {
    id: state.nextId(),
    owner: user,
    name: repo.name,
    private: repo.private,
    fork: true,
    defaultBranch: repo.defaultBranch,
    refs: new Map(repo.refs),
    objects: new Map(),
    roles: new Map(),
    installationId: undefined,
  };
  copyObjects(repo, fork);
  state.repos.set(`${user.login}/${repo.name}`.toLowerCase(), fork);
  return fork;
}

/** Pushes a commit to a pull request's head branch (a `synchronize`); returns the new head SHA. */
export function pushToPullRequest(state: FakeState, pull: PullState, files: FilePatch): string {
  const sha = commitFiles(state, pull.headRepo, pull.headRef, files, { message: `Update ${pull.headRef}` });
  if (pull.headRepo !== pull.repo) copyObjects(pull.headRepo, pull.repo);
  pull.repo.refs.set(`pull/${pull.number}/head`, sha);
  pull.headSha = sha;
  pull.updatedAt = state
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  return sha;
}

export function setRole(repo: RepoState, user: User, role: RepoRole | "none"): void {
  if (role === "none") repo.roles.delete(user.login.toLowerCase());
  else repo.roles.set(user.login.toLowerCase(), role);
}

export interface CommentSeed {
  readonly user: UserRef;
  readonly body: string;
  /** Mark the comment as written through a GitHub App (performed_via_github_app). */
  readonly viaApp?: boolean;
}

/** A comment on a pull request or an issue (`target`: its repository and number). */
export function addComment(
  state: FakeState,
  target: { readonly repo: RepoState; readonly number: number },
  seed: CommentSeed,
): CommentState {
  const now = state
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const comment: CommentState = {
    id: state.nextId(),
    repo: target.repo,
    issueNumber: target.number,
    user: toUser(state, seed.user),
    body: seed.body,
    viaApp: seed.viaApp ?? false,
    createdAt: now,
    updatedAt: now,
    history: [seed.body],
  };
  state.comments.push(comment);
  return comment;
}

export interface IssueSeed {
  readonly title?: string;
  readonly body?: string | null;
  /** The author (default "octocat"); `{ login: "slipway[bot]", type: "Bot" }` with `viaApp` for the app. */
  readonly user?: UserRef;
  readonly labels?: readonly string[];
  readonly state?: "open" | "closed";
  readonly viaApp?: boolean;
}

/** An issue written straight into state (by someone else, or as the app wrote it earlier). */
export function addIssue(state: FakeState, repo: RepoState, seed: IssueSeed): IssueState {
  const now = state.stamp();
  const labels = state.labelsOf(repo);
  for (const name of seed.labels ?? [])
    if (!labels.some((l) => l.name.toLowerCase() === name.toLowerCase()))
      labels.push({ id: state.nextId(), name, color: "ededed", description: null });
  const closed = seed.state === "closed";
  const issue: IssueState = {
    id: state.nextId(),
    number: state.nextNumber(repo),
    repo,
    user: toUser(state, seed.user ?? "octocat"),
    viaApp: seed.viaApp ?? false,
    title: seed.title ?? "An issue",
    body: seed.body ?? null,
    state: closed ? "closed" : "open",
    stateReason: closed ? "completed" : null,
    labels: [...(seed.labels ?? [])],
    createdAt: now,
    updatedAt: now,
    closedAt: closed ? now : null,
  };
  state.issues.push(issue);
  return issue;
}
