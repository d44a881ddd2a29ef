import { createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { announceResponses } from "../../helpers/activity.ts";
import type { DeploymentState } from "./deployment-state.ts";
import { GitRepoExport } from "./export-git-repo.ts";
import type { Fault, PendingFault } from "./faults.ts";
import { type MergeMethod, mergePullRequest } from "./merge-commit.ts";
import { PayloadBuilder } from "./payloads.ts";
import { type PushSeed, pushPayload } from "./push-payload.ts";
import { type RateLimitSeed, RateLimits } from "./rate-limits.ts";
import {
  describeProblems,
  type Expectation,
  type ExpectOptions,
  makeExpectation,
  type RecordedRequest,
} from "./recorder.ts";
import { readFileAt } from "./resolve-ref.ts";
import { appRoutes } from "./routes-app.ts";
import { checkRoutes } from "./routes-checks.ts";
import { commentRoutes } from "./routes-comments.ts";
import { compareRoutes } from "./routes-compare.ts";
import { deploymentRoutes } from "./routes-deployments.ts";
import { gitRoutes } from "./routes-git.ts";
import { isGitHttpPath, serveGitHttp } from "./routes-git-http.ts";
import { gitWriteRoutes } from "./routes-git-write.ts";
import { issueRoutes } from "./routes-issues.ts";
import { permissionRoutes } from "./routes-permissions.ts";
import { pullCreateRoutes } from "./routes-pull-create.ts";
import { pullRoutes } from "./routes-pulls.ts";
import { refRoutes } from "./routes-refs.ts";
import type { Limits } from "./routing.ts";
import {
  addComment,
  addIssue,
  addRepo,
  type CommentSeed,
  type CommitOptions,
  commitFiles,
  type FilePatch,
  type IssueSeed,
  openPullRequest,
  type PullSeed,
  pushToPullRequest,
  type RepoSeed,
  setRole,
  toUser,
  type UserRef,
} from "./seed.ts";
import { API_PREFIX, handleRequest } from "./server.ts";
import type { Urls } from "./shapes.ts";
import {
  type AppInfo,
  type CheckRunState,
  type CommentState,
  FakeState,
  type IssueState,
  type PullState,
  type RepoRole,
  type RepoState,
  type Synchronization,
} from "./state.ts";
import { type DeliverOptions, type Delivery, deliverWebhook, signPayload } from "./webhooks.ts";

export interface FakeGitHubOptions {
  readonly appId?: number;
  /** The account the default installation belongs to (default "acme", an organization). */
  readonly account?: string;
  /** Treat every request no `expect()` covers as unexpected. */
  readonly strict?: boolean;
  readonly limits?: Partial<Limits>;
  /** The fake's clock for timestamps and token expiry (default: the real one). */
  readonly clock?: () => Date;
}

/** A GitHub REST API on 127.0.0.1 with the contracts Slipway relies on; see `startFakeGitHub`. */
export class FakeGitHub {
  readonly url: string;
  readonly apiUrl: string;
  /** For Probot: GHE_HOST=<host> and GHE_PROTOCOL=http give the base URL `apiUrl`. */
  readonly host: string;
  readonly appId: number;
  readonly privateKeyPem: string;
  readonly webhookSecret: string;
  readonly installationId: number;
  readonly state: FakeState;
  readonly requests: RecordedRequest[] = [];
  readonly deliveries: Delivery[] = [];
  readonly app: AppInfo;
  strict: boolean;
  readonly #server: Server;
  readonly #expectations: Expectation[] = [];
  readonly #faults: PendingFault[] = [];
  readonly #rateLimits: RateLimits;
  readonly #payloads: PayloadBuilder;
  /** Real bare repositories `git http-backend` serves the fake's repositories from (made on first use). */
  #gitExport: GitRepoExport | null = null;

  constructor(server: Server, options: FakeGitHubOptions, keys: { privateKeyPem: string }) {
    const { port } = server.address() as AddressInfo;
    this.#server = server;
    this.host = `127.0.0.1:${port}`;
    this.url = `http://${this.host}`;
    this.apiUrl = `${this.url}${API_PREFIX}`;
    this.appId = options.appId ?? 4242;
    this.privateKeyPem = keys.privateKeyPem;
    this.webhookSecret = randomBytes(16).toString("hex");
    this.strict = options.strict ?? false;
    this.state = new FakeState(options.clock ?? (() => new Date()));
    this.#rateLimits = new RateLimits(() => this.state.now().getTime());
    const owner = this.state.user(options.account ?? "acme", "Organization");
    this.app = {
      id: this.appId,
      slug: "slipway",
      name: "Slipway",
      owner,
      bot: this.state.user("slipway[bot]", "Bot"),
    };
    this.installationId = this.state.nextId();
    this.state.installations.push({ id: this.installationId, account: owner });
    this.#payloads = new PayloadBuilder(this.state, this.app, this.#urls());
  }

  #urls(): Urls {
    return { web: this.url, api: this.apiUrl };
  }

  /** Wires the HTTP handler; called once by startFakeGitHub. */
  listen(limits: Limits, publicKeyPem: string): void {
    const deps = {
      state: this.state,
      rateLimits: this.#rateLimits,
      app: this.app,
      urls: this.#urls(),
      limits,
      publicKey: createPublicKey(publicKeyPem),
      routes: [
        ...appRoutes,
        ...gitRoutes,
        ...gitWriteRoutes,
        ...refRoutes,
        ...pullRoutes,
        ...pullCreateRoutes,
        ...issueRoutes,
        ...checkRoutes,
        ...commentRoutes,
        ...permissionRoutes,
        ...deploymentRoutes,
        ...compareRoutes,
      ],
      requests: this.requests,
      expectations: this.#expectations,
      faults: this.#faults,
      isStrict: () => this.strict,
    };
    this.#server.on("request", (req, res) => {
      const path = new URL(req.url ?? "/", this.url).pathname;
      const handled = isGitHttpPath(path)
        ? serveGitHttp(deps, this.#exportRoot(), req, res)
        : handleRequest(deps, req, res);
      handled.catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `fake GitHub crashed: ${String(error)}` }));
      });
    });
  }

  #exportRoot(): GitRepoExport {
    this.#gitExport ??= new GitRepoExport(mkdtempSync(join(tmpdir(), "fake-github-git-")));
    return this.#gitExport;
  }

  // ── seeding ────────────────────────────────────────────────────────────────────────────────────

  addRepo(seed: RepoSeed): RepoState {
    return addRepo(this.state, this.installationId, seed);
  }

  /** Commits `files` onto a branch (a patch by default, null deletes); returns the new commit SHA. */
  commit(owner: string, repo: string, branch: string, files: FilePatch, options?: CommitOptions): string {
    return commitFiles(this.state, this.#repo(owner, repo), branch, files, options);
  }

  openPullRequest(seed: PullSeed): PullState {
    return openPullRequest(this.state, seed);
  }

  /** Pushes to a pull request's head (what a `synchronize` event reports); returns the new head SHA. */
  pushToPullRequest(owner: string, repo: string, number: number, files: FilePatch): string {
    return pushToPullRequest(this.state, this.#pull(owner, repo, number), files);
  }

  setPermission(owner: string, repo: string, login: UserRef, role: RepoRole | "none"): void {
    setRole(this.#repo(owner, repo), toUser(this.state, login), role);
  }

  /** A comment by someone else (a human, another bot) on a pull request or an issue, written into state. */
  addComment(owner: string, repo: string, number: number, seed: CommentSeed): CommentState {
    const r = this.#repo(owner, repo);
    if (!this.state.pull(r, number) && !this.state.issue(r, number))
      throw new Error(`fake GitHub: no issue or pull request ${owner}/${repo}#${number}`);
    return addComment(this.state, { repo: r, number }, seed);
  }

  /** An issue written straight into state (someone else's by default); numbered after pull requests too. */
  addIssue(owner: string, repo: string, seed: IssueSeed = {}): IssueState {
    return addIssue(this.state, this.#repo(owner, repo), seed);
  }

  /** Issues of a repository (not pull requests), oldest first. */
  issues(owner: string, repo: string): IssueState[] {
    const r = this.#repo(owner, repo);
    return this.state.issues.filter((i) => i.repo === r);
  }

  /** A file's UTF-8 text at a branch, SHA or `refs/heads/…`; undefined when the ref or the file is missing. */
  readFile(owner: string, repo: string, ref: string, path: string): string | undefined {
    return readFileAt(this.#repo(owner, repo), ref, path)?.toString("utf8");
  }

  /** The commit a branch points at, or undefined when there is no such branch. */
  branchHead(owner: string, repo: string, branch: string): string | undefined {
    return this.#repo(owner, repo).refs.get(branch);
  }

  /**
   * Pull requests whose head moved because a ref update moved their branch, oldest first; deliver each
   * with `pullRequestEvent(owner, repo, number, "synchronize")`.
   */
  synchronizations(owner: string, repo: string): Synchronization[] {
    const r = this.#repo(owner, repo);
    return this.state.synchronizations.filter((s) => s.repo === r);
  }

  /**
   * Merges an open pull request (GitHub's merge button): the base branch moves to a new commit whose
   * first parent is the old base tip; the pull request becomes closed and merged. Returns the new SHA.
   */
  mergePullRequest(
    owner: string,
    repo: string,
    number: number,
    options: { method?: MergeMethod } = {},
  ): string {
    return mergePullRequest(this.state, this.#pull(owner, repo, number), options.method);
  }

  pull(owner: string, repo: string, number: number): PullState {
    return this.#pull(owner, repo, number);
  }

  comments(owner: string, repo: string, number: number): CommentState[] {
    const r = this.#repo(owner, repo);
    return this.state.comments.filter((c) => c.repo === r && c.issueNumber === number);
  }

  checkRuns(owner: string, repo: string, headSha?: string): CheckRunState[] {
    const r = this.#repo(owner, repo);
    return this.state.checkRuns.filter(
      (c) => c.repo === r && (headSha === undefined || c.headSha === headSha),
    );
  }

  /** Deployments of a repository (optionally one environment), oldest first, each with its statuses. */
  deployments(owner: string, repo: string, environment?: string): DeploymentState[] {
    const r = this.#repo(owner, repo);
    return this.state.deployments.filter(
      (d) => d.repo === r && (environment === undefined || d.environment === environment),
    );
  }

  #repo(owner: string, name: string): RepoState {
    const repo = this.state.repo(owner, name);
    if (!repo) throw new Error(`fake GitHub: no repository ${owner}/${name}`);
    return repo;
  }

  #pull(owner: string, repo: string, number: number): PullState {
    const pull = this.state.pull(this.#repo(owner, repo), number);
    if (!pull) throw new Error(`fake GitHub: no pull request ${owner}/${repo}#${number}`);
    return pull;
  }

  // ── strict double ──────────────────────────────────────────────────────────────────────────────

  /** Declares a request that must come (once by default); see `verify`. */
  expect(pattern: string, options?: ExpectOptions): Expectation {
    const expectation = makeExpectation(pattern, options);
    this.#expectations.push(expectation);
    return expectation;
  }

  /** Requests matching a pattern (see `expect` for the syntax). */
  requestsTo(pattern: string): RecordedRequest[] {
    return this.requests.filter((r) =>
      pattern.includes("{") ? r.route === pattern : `${r.method} ${r.path}` === pattern,
    );
  }

  get unexpected(): RecordedRequest[] {
    return this.requests.filter((r) => r.unexpected);
  }

  assertNoUnexpected(): void {
    const problems = describeProblems(this.requests, []);
    if (problems.length > 0) throw new Error(`fake GitHub:\n  ${problems.join("\n  ")}`);
  }

  /** Fails on any unexpected request and on any expectation not met. */
  verify(): void {
    const problems = describeProblems(this.requests, this.#expectations);
    if (problems.length > 0) throw new Error(`fake GitHub:\n  ${problems.join("\n  ")}`);
  }

  /** Answers the next `times` requests matching `pattern` with a fault instead (a number is a status). */
  /**
   * Sets an installation's REST window (default: the fake's installation), e.g. nearly spent: GitHub then
   * answers 403 once it is, until it resets `resetInSeconds` from now (on the fake's clock).
   */
  setRateLimit(seed: RateLimitSeed & { installationId?: number }): void {
    this.#rateLimits.set(`installation:${seed.installationId ?? this.installationId}`, seed);
  }

  failNext(pattern: string, fault: Fault | number, times = 1): void {
    this.#faults.push({
      pattern,
      fault: typeof fault === "number" ? { status: fault } : fault,
      remaining: times,
    });
  }

  // ── webhooks ───────────────────────────────────────────────────────────────────────────────────

  signWebhook(payload: string): string {
    return signPayload(this.webhookSecret, payload);
  }

  async deliver(
    target: string,
    event: string,
    payload: unknown,
    options?: DeliverOptions,
  ): Promise<Response> {
    const ctx = { secret: this.webhookSecret, appId: this.appId, hookId: this.installationId + 1 };
    const { response, delivery } = await deliverWebhook(ctx, target, event, payload, options);
    this.deliveries.push({ ...delivery, status: response.status });
    return response;
  }

  /** A `pull_request` payload for the pull request as it now stands. */
  pullRequestEvent(owner: string, repo: string, number: number, action: string, sender?: UserRef) {
    const pull = this.#pull(owner, repo, number);
    return this.#payloads.pullRequest(pull, action, sender ? toUser(this.state, sender) : pull.user);
  }

  /** A `push` payload for a branch that moved from `before` to `after` (forty zeros: created/deleted). */
  pushEvent(owner: string, repo: string, seed: PushSeed & { pusher?: UserRef }) {
    const pusher = toUser(this.state, seed.pusher ?? "octocat");
    return pushPayload(this.#urls(), this.#repo(owner, repo), seed, pusher, this.state.now());
  }

  /** An `issue_comment` payload for a comment on a pull request or an issue. */
  issueCommentEvent(owner: string, repo: string, commentId: number, action = "created") {
    const comment = this.state.comments.find((c) => c.id === commentId);
    if (!comment || comment.repo !== this.#repo(owner, repo))
      throw new Error(`fake GitHub: no comment ${commentId}`);
    const issue = this.state.issue(comment.repo, comment.issueNumber);
    if (issue) return this.#payloads.issueCommentOnIssue(issue, comment, action);
    return this.#payloads.issueComment(this.#pull(owner, repo, comment.issueNumber), comment, action);
  }

  /** A `check_run` payload (e.g. "rerequested") for a run the app created. */
  checkRunEvent(
    owner: string,
    repo: string,
    checkRunId: number,
    action = "rerequested",
    sender: UserRef = "octocat",
  ) {
    const run = this.checkRuns(owner, repo).find((r) => r.id === checkRunId);
    if (!run) throw new Error(`fake GitHub: no check run ${checkRunId}`);
    const pull = this.state.pulls.find((p) => p.repo === run.repo && p.headSha === run.headSha);
    return this.#payloads.checkRun(pull, run, action, toUser(this.state, sender));
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((e) => (e ? reject(e) : resolve())));
    if (this.#gitExport) rmSync(this.#gitExport.root, { recursive: true, force: true });
  }
}

/** Starts a fake GitHub on 127.0.0.1 (a free port) with one app, one installation and a fresh RSA key. */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const server = createServer({ keepAlive: true });
  announceResponses(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fake = new FakeGitHub(server, options, { privateKeyPem: privateKey });
  fake.listen({ treeEntries: 100_000, pullFiles: 3000, ...options.limits }, publicKey);
  return fake;
}
