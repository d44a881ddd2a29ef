import type { ApplicationFunction, Context, Probot } from "probot";
import type { CommandSpec } from "../commands/command-spec.ts";
import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import { bindingFor } from "../manifests/validate-server-config.ts";
import { defaultMirrorRoot } from "../repo/git-mirror.ts";
import { CHECK_NAME_VALIDATE } from "../report/check-run-output.ts";
import { CHECK_NAME_GATES } from "../report/gates-check-output.ts";
import { DeferredReviews } from "../server/deferred-reviews.ts";
import { wirePipelineReconcile } from "../server/pipeline-reconcile-loop.ts";
import type { RateBudget } from "../server/rate-budget.ts";
import { ReplyBudget } from "../server/reply-budget.ts";
import { RepoMirrors } from "../server/repo-mirrors.ts";
import { type ReadsOf, repoReadsOf } from "../server/repo-reads-factory.ts";
import { retrainRunner } from "../server/retrain-runner.ts";
import { startRunTracker } from "../server/run-tracker.ts";
import { type LoopSetup, wireRetrainLoop } from "../server/wire-retrain-loop.ts";
import { compareReply } from "../workflows/compare-command.ts";
import type { ReviewTarget } from "../workflows/review-ports.ts";
import { type ReviewOptions, reviewPullRequest } from "../workflows/review-pull-request.ts";
import type { BlobCache } from "./blob-cache.ts";
import {
  type DeployContext,
  type DeploySetup,
  deployCommandRunners,
  deployKey,
  wireDeploys,
} from "./deploy-events.ts";
import { startDeployRecovery } from "./deploy-recovery.ts";
import { handleComment } from "./handle-comment.ts";
import { healthHandler } from "./health.ts";
import type { KeyedJobQueue } from "./job-queue.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { type ServerOperations, wireOperations } from "./operations.ts";
import { reviewTargetOf } from "./pull-request-target.ts";
import { wireReconcile } from "./reconcile-loop.ts";
import { githubReviewPorts } from "./review-ports-github.ts";
import { startSweep } from "./sweep.ts";

export interface SlipwayAppOptions {
  appId: number;
  serverConfig: ServerConfig | null;
  queue: KeyedJobQueue;
  cache: BlobCache;
  registry: ReadonlyMap<string, CommandSpec>;
  sweepIntervalMs: number;
  /** Metrics and graceful shutdown (`slipway serve`); tests of the handlers alone leave it out. */
  operations?: ServerOperations;
  /** Merge-to-deploy and the deploy commands; absent: this server only reviews. */
  deploy?: DeploySetup;
  /** The reconcile loop over bound environments (needs `deploy` and `operations`); absent or 0: off. */
  reconcile?: { intervalMs: number; stop: AbortSignal };
  /** How often started pipeline runs are read for their tracking comments (default 30 s; 0: never). */
  pipelineRuns?: { intervalMs: number; stop: AbortSignal };
  /** The drift-to-candidate loop and MLflow's registry webhooks (issue #19; needs `deploy`). */
  loop?: LoopSetup;
  /**
   * The repositories' git mirrors, read by reviews, plans, deploys and reconcile passes (issue #20);
   * default: under `$SLIPWAY_STATE_DIR/git-mirrors`, never closed (the owner of one closes it).
   */
  mirrors?: RepoMirrors;
  /**
   * The installations' GitHub REST budgets, fed by every answer's rate-limit headers (issue #20): below
   * its floor the sweep waits for the window to reset; nearly spent, reviews wait too and say so.
   */
  budget?: RateBudget;
}

const SLIPWAY_CHECKS = new Set([CHECK_NAME_VALIDATE, CHECK_NAME_GATES]);

const REVIEW_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
] as const;

/**
 * The GitHub App. Handlers only read the event and queue work, so GitHub gets its answer at once; the
 * queued jobs run the workflows with ports backed by the event's installation client.
 */
export function slipwayApp(options: SlipwayAppOptions): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    // One git mirror per repository for reviews (their trees, changed files and DVC-tracked data),
    // plans, deploys and reconcile passes: opened on first use; closed by its owner (`slipway serve`),
    // or here with the server when none was given (git in one mirror never runs twice at once,
    // whichever loop asks: run-exclusive.ts).
    const mirrors = options.mirrors ?? ownMirrors(app, options.reconcile?.stop);
    addHandler(healthHandler(() => ({ queueDepth: options.queue.depth }), options.operations?.accepting));
    if (options.operations) wireOperations(addHandler, options.operations, options.queue);
    const readsOf = repoReadsOf({
      mirrors,
      cache: options.cache,
      binding: (repository) => bindingOf(options, repository),
      log: app.log.child({ name: "repo-reads" }),
    });
    const deferred = new DeferredReviews(options.reconcile ? { stop: options.reconcile.stop } : {});
    const review = (
      octokit: InstallationOctokit,
      target: ReviewTarget,
      log: Context["log"],
      force: boolean,
      drift?: ReviewOptions["drift"],
    ) =>
      enqueueReview(options, { mirrors, readsOf, deferred }, octokit, target, log, {
        force,
        ...(drift ? { drift } : {}),
      });
    const later = (key: string, log: Context["log"], job: () => Promise<void>) => {
      if (!options.queue.enqueue(key, job)) log.warn({ key }, "job queue full; the work was dropped");
    };
    const deploys: DeployContext | null = options.deploy
      ? {
          appId: options.appId,
          binding: (repository) => bindingOf(options, repository),
          reads: readsOf,
          setup: options.deploy,
          later,
        }
      : null;

    app.on([...REVIEW_EVENTS], async (context) => {
      const pr = context.payload.pull_request;
      if (pr.state !== "open") return;
      review(
        context.octokit,
        reviewTargetOf(pr, context.payload.repository.default_branch),
        // Every line about this delivery carries its id (Probot's) and the head it is about.
        context.log.child({ sha: pr.head.sha }),
        false,
      );
    });

    app.on(["check_run.rerequested", "check_suite.rerequested"], async (context) => {
      const payload = context.payload;
      // "Re-run" on either of Slipway's checks reviews the head again (a gates re-run reads MLflow again).
      if ("check_run" in payload && !SLIPWAY_CHECKS.has(payload.check_run.name)) return;
      const prs =
        "check_run" in payload ? payload.check_run.pull_requests : payload.check_suite.pull_requests;
      const repo = context.repo();
      for (const ref of prs) {
        // The current head is read in the job, not here: the webhook is answered at once.
        later(`${repo.owner}/${repo.repo}#${ref.number}`, context.log, async () => {
          const { data: pr } = await context.octokit.rest.pulls.get({ ...repo, pull_number: ref.number });
          const target = reviewTargetOf(pr, payload.repository.default_branch);
          review(context.octokit, target, context.log.child({ sha: target.headSha }), true);
        });
      }
    });

    const loop =
      deploys && options.loop
        ? wireRetrainLoop(app, deploys, addHandler, {
            setup: options.loop,
            serverConfig: options.serverConfig,
            enqueue: (key, job) => options.queue.enqueue(key, job),
            ...(options.operations
              ? { metrics: options.operations.metrics, accepting: options.operations.accepting }
              : {}),
          })
        : null;
    const tracker =
      deploys && options.deploy
        ? startRunTracker(app, deploys, {
            serverConfig: options.serverConfig,
            intervalMs: options.pipelineRuns?.intervalMs ?? 30_000,
            stop: options.pipelineRuns?.stop ?? options.reconcile?.stop ?? new AbortController().signal,
            enqueue: (key, job) => options.queue.enqueue(key, job),
            // A run seen ending is followed up at once: a candidate pull request, or a note on its monitor issue.
            ...(loop ? { onDone: (repository: string) => loop.followNow(repository) } : {}),
          })
        : null;

    const replies = new ReplyBudget();
    app.on("issue_comment.created", async (context) => {
      const { comment, issue } = context.payload;
      // On issues too: `/slipway retrain` may be asked anywhere (the handler answers the others).
      if (!comment.body?.includes("/slipway")) return;
      const repo = context.repo();
      later(`${repo.owner}/${repo.repo}#${issue.number}`, context.log, () =>
        handleComment(
          context,
          options.registry,
          {
            validate: async (pr) => review(context.octokit, pr, context.log, true),
            compare: (pr, request) =>
              compareReply(
                pr,
                portsFor(options, { mirrors, readsOf, deferred }, context.octokit, pr),
                request,
              ),
            drift: async (pr, request) => review(context.octokit, pr, context.log, true, request),
            ...(deploys ? { deploy: deployCommandRunners(deploys, context.octokit, repo, context.log) } : {}),
            ...(deploys && tracker
              ? {
                  retrain: retrainRunner(
                    deploys,
                    context.octokit,
                    repo,
                    context.payload.repository.default_branch,
                    tracker,
                    context.payload.installation?.id,
                  ),
                }
              : {}),
          },
          replies,
        ),
      );
    });

    if (deploys) wireDeploys(app, deploys);
    if (deploys && options.deploy?.recovery) startDeployRecovery(app, deploys, options.deploy.recovery);
    if (deploys && options.operations && options.reconcile && options.reconcile.intervalMs > 0)
      wireReconcile(app, deploys, {
        ...options.reconcile,
        serverConfig: options.serverConfig,
        metrics: options.operations.metrics,
        enqueue: (key, job) => options.queue.enqueue(key, job),
        mirrors,
      });
    if (deploys && options.reconcile && options.reconcile.intervalMs > 0)
      wirePipelineReconcile(app, deploys, {
        ...options.reconcile,
        serverConfig: options.serverConfig,
        enqueue: (key, job) => options.queue.enqueue(key, job),
        line: deployKey,
      });
    if (options.sweepIntervalMs > 0) startSweep(app, options, review);
  };
}

/**
 * How reviews read — the repositories' mirrors (DVC data) and the reads of a repository (trees, files)
 * — and where those deferred for the API budget wait.
 */
interface Readers {
  mirrors: RepoMirrors;
  readsOf: ReadsOf;
  deferred: DeferredReviews;
}

function ownMirrors(app: Probot, stop: AbortSignal | undefined): RepoMirrors {
  const mirrors = new RepoMirrors({
    dir: defaultMirrorRoot(process.env),
    log: app.log.child({ name: "git-mirror" }),
  });
  stop?.addEventListener("abort", () => void mirrors.close(), { once: true });
  return mirrors;
}

/** The repository's server binding: none in embedded mode, an empty one when the config does not bind it. */
function bindingOf(options: SlipwayAppOptions, repository: string) {
  return options.serverConfig
    ? (bindingFor(options.serverConfig, repository) ?? { repository, environments: {}, integrations: {} })
    : null;
}

/** The review ports of one pull request, with the repository's server binding (none in embedded mode). */
function portsFor(
  options: SlipwayAppOptions,
  readers: Readers,
  octokit: InstallationOctokit,
  target: ReviewTarget,
) {
  const binding = bindingOf(options, `${target.owner}/${target.repo}`);
  const repo = { owner: target.owner, repo: target.repo };
  const pull = {
    sha: target.headSha,
    number: target.number,
    base: target.baseBranch ?? target.defaultBranch,
  };
  const reads = readers.readsOf(octokit, repo, pull);
  return githubReviewPorts(target, {
    octokit,
    appId: options.appId,
    binding,
    reads,
    mirrors: readers.mirrors,
    ...(options.budget ? { budget: options.budget } : {}),
  });
}

function enqueueReview(
  options: SlipwayAppOptions,
  readers: Readers,
  octokit: InstallationOctokit,
  target: ReviewTarget,
  log: Context["log"],
  review: ReviewOptions,
): void {
  const key = `${target.owner}/${target.repo}#${target.number}`;
  const queued = options.queue.enqueue(key, async () => {
    const ports = portsFor(options, readers, octokit, target);
    const outcome = await reviewPullRequest(target, ports, review);
    const fields = { pr: key, head: target.headSha, outcome: outcome.kind };
    if (outcome.kind === "fault") log.error({ ...fields, reason: outcome.message }, "review failed");
    else if (outcome.kind === "deferred") {
      log.warn(
        { ...fields, until: new Date(outcome.until).toISOString() },
        "review deferred: the installation's GitHub API budget is nearly spent",
      );
      readers.deferred.schedule(key, outcome.until, () =>
        enqueueReview(options, readers, octokit, target, log, review),
      );
    } else log.info(fields, "review done");
  });
  if (!queued)
    log.warn(
      { pr: key, head: target.headSha },
      "review queue full; the sweep will pick this pull request up",
    );
}
