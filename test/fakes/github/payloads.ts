import { issueJson } from "./issue-shapes.ts";
import { checkRunJson, commentJson, pullJson, repoJson, type Urls, userJson } from "./shapes.ts";
import type {
  AppInfo,
  CheckRunState,
  CommentState,
  FakeState,
  IssueState,
  PullState,
  User,
} from "./state.ts";

/** Webhook payloads built from the fake's state, so the REST API and the events agree. */
export class PayloadBuilder {
  readonly #state: FakeState;
  readonly #app: AppInfo;
  readonly #urls: Urls;

  constructor(state: FakeState, app: AppInfo, urls: Urls) {
    this.#state = state;
    this.#app = app;
    this.#urls = urls;
  }

  #common(pull: PullState, sender: User) {
    return {
      repository: repoJson(this.#urls, pull.repo),
      installation: {
        id: pull.repo.installationId,
        node_id: Buffer.from(`Installation:${pull.repo.installationId}`).toString("base64url"),
      },
      sender: userJson(this.#urls, sender),
    };
  }

  pullRequest(pull: PullState, action: string, sender: User = pull.user): Record<string, unknown> {
    return {
      action,
      number: pull.number,
      pull_request: pullJson(this.#urls, pull),
      ...this.#common(pull, sender),
    };
  }

  issueComment(pull: PullState, comment: CommentState, action: string): Record<string, unknown> {
    const pr = pullJson(this.#urls, pull);
    return {
      action,
      issue: {
        id: pull.id,
        number: pull.number,
        title: pull.title,
        user: pr.user,
        state: pull.state,
        html_url: pr.html_url,
        url: pr.issue_url,
        draft: pull.draft,
        author_association: pr.author_association,
        pull_request: { url: pr.url, html_url: pr.html_url },
      },
      comment: commentJson(this.#urls, this.#app, comment, this.#state.reactions),
      ...this.#common(pull, comment.user),
    };
  }

  /** An `issue_comment` on an issue that is not a pull request (its `issue` has no `pull_request` key). */
  issueCommentOnIssue(issue: IssueState, comment: CommentState, action: string): Record<string, unknown> {
    return {
      action,
      issue: issueJson(this.#urls, this.#app, this.#state, { kind: "issue", issue }),
      comment: commentJson(this.#urls, this.#app, comment, this.#state.reactions, "issues"),
      repository: repoJson(this.#urls, issue.repo),
      installation: {
        id: issue.repo.installationId,
        node_id: Buffer.from(`Installation:${issue.repo.installationId}`).toString("base64url"),
      },
      sender: userJson(this.#urls, comment.user),
    };
  }

  checkRun(
    pull: PullState | undefined,
    run: CheckRunState,
    action: string,
    sender: User,
  ): Record<string, unknown> {
    const json = checkRunJson(this.#urls, this.#app, run);
    const pulls = pull
      ? [
          {
            number: pull.number,
            id: pull.id,
            head: { ref: pull.headRef, sha: pull.headSha },
            base: { ref: pull.baseRef, sha: pull.baseSha },
          },
        ]
      : [];
    return {
      action,
      check_run: {
        ...json,
        pull_requests: pulls,
        check_suite: { id: run.checkSuiteId, head_sha: run.headSha, pull_requests: pulls },
      },
      repository: repoJson(this.#urls, run.repo),
      installation: { id: run.repo.installationId },
      sender: userJson(this.#urls, sender),
    };
  }
}
