import type { Context } from "probot";
import { type CommandSpec, meetsLevel } from "../commands/command-spec.ts";
import { helpText, parseComment } from "../commands/parse-comment.ts";
import type { ReplyBudget } from "../server/reply-budget.ts";
import type { ReviewTarget } from "../workflows/review-ports.ts";
import { permissionOf } from "./permission.ts";
import { reviewTargetOf } from "./pull-request-target.ts";

export interface CommandRunners {
  validate: (pr: ReviewTarget) => Promise<void>;
  /** The reply to `/slipway compare <model> [--against …]`. */
  compare: (pr: ReviewTarget, request: { model?: string; against?: string }) => Promise<string>;
  /** `/slipway drift [monitor]`: the review again, its drift section for that monitor or the affected ones. */
  drift: (pr: ReviewTarget, request: { monitor?: string }) => Promise<void>;
  /** `/slipway approve` and `/slipway retry` on a merged pull request: the reply. Absent: no deploys here. */
  deploy?: {
    approve: (pr: number, login: string) => Promise<string>;
    retry: (pr: number, login: string) => Promise<string>;
    apply: (pr: number, login: string, request: { environment: string; plan?: string }) => Promise<string>;
    unlock: (pr: number, login: string, environment?: string) => Promise<string>;
    /** `/slipway promote` and `/slipway rollback` (owners of the model; the workflows check). */
    promote: (pr: number, login: string, request: { model: string; to?: string }) => Promise<string>;
    rollback: (pr: number, login: string, request: { model: string; breakGlass: boolean }) => Promise<string>;
    /** `/slipway rollout pause|resume|abort <env>` (issue #22). */
    rollout: (login: string, request: { action: string; environment: string }) => Promise<string>;
  };
  /** `/slipway retrain <pipeline> [--param k=v …]` on a pull request or an issue: the reply. */
  retrain?: (
    issue: number,
    login: string,
    request: { pipeline: string; params: string[]; commentId: number },
  ) => Promise<string>;
}

/**
 * A PR comment, as a recipe: parse → ignore early → authorize → acknowledge (👀) → run → reply.
 * The parser decides everything about the text; this only talks to GitHub. Answers that anyone can
 * draw (help, a typo, a refusal) come out of the author's reply budget when one is given: past it, one
 * notice, then nothing — no reply and no reaction.
 */
export async function handleComment(
  context: Context<"issue_comment.created">,
  registry: ReadonlyMap<string, CommandSpec>,
  runners: CommandRunners,
  replies?: ReplyBudget,
): Promise<void> {
  const { comment, issue } = context.payload;
  const author = { login: comment.user?.login ?? "", type: comment.user?.type ?? "User" };
  const outcome = parseComment(comment.body ?? "", author, registry);
  if (outcome.kind === "ignore") return;
  const repo = context.repo();
  const acknowledge = () =>
    context.octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: "eyes",
    });
  const reply = (text: string) =>
    context.octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: `@${author.login} ${text}`,
    });
  const answer = async (text: string) => {
    const allowance = replies?.take(`${repo.owner}/${repo.repo}`, author.login) ?? "reply";
    if (allowance === "silent") return;
    if (allowance === "notice")
      context.log.warn(
        { user: author.login, pr: issue.number },
        "reply budget spent; this user's comments go unanswered for now",
      );
    await acknowledge();
    await reply(allowance === "reply" ? text : (replies as ReplyBudget).notice());
  };
  if (outcome.kind === "reply") {
    await answer(outcome.text);
    return;
  }
  const { spec, command } = outcome;
  if (!issue.pull_request && !spec.onIssues) {
    await answer(
      `\`/slipway ${spec.name}\` works on pull requests; on an issue, \`/slipway retrain\` and \`/slipway help\` do.`,
    );
    return;
  }
  if ("level" in spec.permission) {
    const level = await permissionOf(context.octokit, repo, author.login);
    if (!meetsLevel(level, spec.permission.level)) {
      await answer(
        `\`/slipway ${spec.name}\` needs ${spec.permission.level} access to this repository; you have ${level}.`,
      );
      return;
    }
  }
  await acknowledge();
  context.log.info({ command: command.name, user: author.login, pr: issue.number }, "command accepted");
  switch (command.name) {
    case "help":
      await reply(helpText(registry));
      return;
    case "validate":
    case "plan": {
      // Both refresh the whole review: the check, and the comment's validation and plan sections.
      const { data: pr } = await context.octokit.rest.pulls.get({ ...repo, pull_number: issue.number });
      await runners.validate(reviewTargetOf(pr, context.payload.repository.default_branch));
      return;
    }
    case "compare": {
      const { data: pr } = await context.octokit.rest.pulls.get({ ...repo, pull_number: issue.number });
      const target = reviewTargetOf(pr, context.payload.repository.default_branch);
      const model = command.args.model;
      const against = typeof command.flags.against === "string" ? command.flags.against : undefined;
      // The check and the sticky comment are refreshed unless the reviewer asked for an ad-hoc baseline.
      if (against === undefined) await runners.validate(target);
      if (model !== undefined || against !== undefined)
        await reply(
          await runners.compare(target, { ...(model ? { model } : {}), ...(against ? { against } : {}) }),
        );
      return;
    }
    case "drift": {
      const { data: pr } = await context.octokit.rest.pulls.get({ ...repo, pull_number: issue.number });
      const monitor = command.args.monitor;
      await runners.drift(
        reviewTargetOf(pr, context.payload.repository.default_branch),
        monitor ? { monitor } : {},
      );
      return;
    }
    case "approve":
    case "retry":
    case "apply":
    case "unlock": {
      const deploy = runners.deploy;
      if (!deploy) {
        await reply("this server does not deploy (no environment store is configured).");
        return;
      }
      const environment = command.args.environment;
      const plan = typeof command.flags.plan === "string" ? command.flags.plan : undefined;
      const text =
        command.name === "approve"
          ? await deploy.approve(issue.number, author.login)
          : command.name === "retry"
            ? await deploy.retry(issue.number, author.login)
            : command.name === "apply"
              ? await deploy.apply(issue.number, author.login, {
                  environment: environment ?? "",
                  ...(plan ? { plan } : {}),
                })
              : await deploy.unlock(issue.number, author.login, environment);
      await reply(text);
      return;
    }
    case "promote":
    case "rollback": {
      if (!runners.deploy) {
        await reply("this server does not deploy (no environment store is configured).");
        return;
      }
      const model = command.args.model ?? "";
      const to = typeof command.flags.to === "string" ? command.flags.to : undefined;
      await reply(
        command.name === "promote"
          ? await runners.deploy.promote(issue.number, author.login, { model, ...(to ? { to } : {}) })
          : await runners.deploy.rollback(issue.number, author.login, {
              model,
              breakGlass: command.flags["break-glass"] === true,
            }),
      );
      return;
    }
    case "rollout": {
      if (!runners.deploy) {
        await reply("this server does not deploy (no environment store is configured).");
        return;
      }
      await reply(
        await runners.deploy.rollout(author.login, {
          action: command.args.action ?? "",
          environment: command.args.environment ?? "",
        }),
      );
      return;
    }
    case "retrain": {
      if (!runners.retrain) {
        await reply("this server does not run pipelines (no state store is configured).");
        return;
      }
      const text = await runners.retrain(issue.number, author.login, {
        pipeline: command.args.pipeline ?? "",
        params: command.lists?.param ?? [],
        commentId: comment.id,
      });
      if (text !== "") await reply(text);
      return;
    }
    default:
      await reply(`\`/slipway ${command.name}\` is not available on this server yet.`);
  }
}
