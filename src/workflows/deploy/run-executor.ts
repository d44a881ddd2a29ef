import { CHECK_NAME_GATES } from "../../report/gates-check-output.ts";
import type { RolloutState } from "../../state/environment-state.ts";
import type { QueuedIntent } from "../../state/intent.ts";
import { healEnvironment } from "../reconcile/heal-environment.ts";
import { advanceRollout } from "../rollout/advance-rollout.ts";
import { nextEvaluation } from "../rollout/rollout-schedule.ts";
import { type Advance, advanceDeploy } from "./advance-deploy.ts";
import { applyPullHead } from "./apply-pull-head.ts";
import { applyBreakGlass } from "./break-glass.ts";
import { deployEnvironment, type StepResult, short } from "./deploy-environment.ts";
import type { DeployPorts } from "./deploy-ports.ts";
import { advanceLine, lockRefusedLine, lockWords, stepLine } from "./deploy-words.ts";
import { releaseLocks } from "./lock-commands.ts";
import { EnvironmentLockRefused } from "./lock-refused.ts";
import { retryPending } from "./retry-pending.ts";

export interface ExecutorOptions {
  /** This executor's identity (host + pid, or the Lease holder identity). */
  executor: string;
  branch: string;
  /** A running intent claimed longer ago than this is taken over (its executor died). */
  staleAfterMs: number;
  /** Plain progress for the merged pull request, posted as comments. */
  report: (pr: number | null, text: string) => Promise<void>;
  /**
   * Runs an environment's drain as its one writer (cluster mode: while holding the environment's
   * Lease, which `leading` reports lost); false, without running it, when another replica is the
   * writer — that replica drains what was enqueued. Rejects with `EnvironmentLockRefused` when the
   * cluster refuses the lock itself (RBAC). Absent: this process is the only executor.
   */
  exclusive?: (environment: string, drain: (leading: AbortSignal) => Promise<void>) => Promise<boolean>;
  /**
   * True the first time a message with this key is to be said (a process-long memory), so a refusal
   * met again at every recovery interval is said once per waiting intent. Absent: always say it.
   */
  firstTime?: (key: string) => boolean;
  /**
   * Issue #22: a rollout in `environment` has its next evaluation at `at` (ISO 8601): queue a `rollout`
   * intent then and drain. Absent: whoever drives the executor looks again (tests, `recoverDeploys`).
   */
  rolloutDue?: (environment: string, at: string, intent: { commit: string; pr: number | null }) => void;
  /** Told the environment's rollout (null: none under way) after every intent the executor ran. */
  observeRollout?: (environment: string, rollout: RolloutState | null) => void;
}

/** Tells `rolloutDue` when the environment's rollout, if one is under way and not paused, next comes due. */
async function scheduleRollout(ports: DeployPorts, environment: string, options: ExecutorOptions) {
  if (!options.rolloutDue && !options.observeRollout) return;
  const rollout = (await ports.store.readState(environment)).rollout;
  options.observeRollout?.(environment, rollout ?? null);
  const at = rollout ? nextEvaluation(rollout) : null;
  if (rollout && at) options.rolloutDue?.(environment, at, { commit: rollout.commit, pr: rollout.pr });
}

/**
 * The single executor of one environment: takes its queued intents in order, one at a time, and after
 * each successful deploy moves the commit on to the next environment of its route. Returns when the
 * queue is empty or the environment is locked to a pull request another intent does not belong to.
 * A running intent whose executor died (claimed before `staleAfterMs`) is taken over and run again:
 * the deploy engine's write-ahead inventory makes a second apply of the same commit safe.
 */
export async function drainEnvironment(
  ports: DeployPorts,
  environment: string,
  options: ExecutorOptions,
): Promise<void> {
  const exclusive = options.exclusive;
  if (!exclusive) {
    await drainQueue(ports, environment, options);
    return;
  }
  const last: { end: DrainEnd } = { end: "stopped" };
  const drain = async (leading: AbortSignal) => {
    last.end = await drainQueue(ports, environment, options, leading);
  };
  try {
    while (await exclusive(environment, drain)) {
      // Another replica may have enqueued after this one last saw the queue empty and, finding the
      // Lease still held, left the work to this one: look once more now that the Lease is released.
      if (last.end !== "empty" || (await ports.store.list(environment, ["queued"])).length === 0) return;
    }
  } catch (error) {
    if (!(error instanceof EnvironmentLockRefused)) throw error;
    await tellLockRefused(ports, environment, error.reason, options);
  }
}

/** Each pull request whose work waits in a queue the cluster will not let this executor lock is told why, once. */
async function tellLockRefused(
  ports: DeployPorts,
  environment: string,
  reason: string,
  options: ExecutorOptions,
): Promise<void> {
  for (const waiting of await ports.store.list(environment, ["queued", "running"])) {
    const pr = prOf(waiting);
    if (pr === null || options.firstTime?.(`lock-refused ${environment} ${waiting.id}`) === false) continue;
    await options.report(pr, lockRefusedLine(environment, capitalised(describe(waiting)), reason));
  }
}

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** Why a drain stopped: nothing left, the rest waits (lock, another executor), or leadership ended. */
type DrainEnd = "empty" | "blocked" | "stopped";

async function drainQueue(
  ports: DeployPorts,
  environment: string,
  options: ExecutorOptions,
  leading?: AbortSignal,
): Promise<DrainEnd> {
  for (;;) {
    if (leading?.aborted) return "stopped";
    const state = await ports.store.readState(environment);
    const open = await ports.store.list(environment, ["queued", "running"]);
    const [first] = open;
    if (!first) return "empty";
    // A running head belongs to an executor that is still at it, or died mid-deploy: claimNext resumes
    // it, takes it over once stale, or answers null (then it is not this executor's to run).
    const queue = first.status === "running" ? [] : open.filter((q) => q.status === "queued");
    const [head] = queue;
    const lock = state.lock;
    if (head && lock && !holdsLock(head, lock.pr)) {
      // The lock holder's apply goes first: what it waits behind moves, in order, behind it.
      const own = queue.findIndex((q) => holdsLock(q, lock.pr));
      if (own > 0) {
        for (const waiting of queue.slice(0, own).filter((q) => !holdsLock(q, lock.pr))) {
          await ports.store.finish(waiting.id, "cancelled", `moved behind #${lock.pr}'s apply`);
          await ports.store.enqueue(environment, waiting.intent, waiting.requestedBy);
        }
        continue;
      }
      await options.report(
        prOf(head),
        `\`${environment}\` is locked to #${lock.pr} (${lockWords(lock)}); ${describe(head)} waits until it merges, closes or \`/slipway unlock\`.`,
      );
      return "blocked";
    }
    const staleBefore = new Date(Date.parse(ports.now()) - options.staleAfterMs).toISOString();
    const claimed = await ports.store.claimNext(environment, options.executor, staleBefore);
    if (!claimed) return "blocked";
    const result = await run(ports, claimed, options.branch);
    await ports.store.finish(
      claimed.id,
      result.outcome === "success" || result.outcome === "no-op" || result.outcome === "rolling-out"
        ? "done"
        : result.outcome === "skipped"
          ? "cancelled"
          : "failed",
      result.note,
    );
    if (!result.quiet) await options.report(prOf(claimed), stepLine(environment, result));
    for (const told of result.tell ?? [])
      if (told.pr !== prOf(claimed)) await options.report(told.pr, told.text);
    await scheduleRollout(ports, environment, options);
    if (claimed.intent.kind === "deploy" && (result.outcome === "success" || result.outcome === "no-op"))
      await endBreakGlass(ports, environment, claimed.intent.pr, options);
    if (
      (result.outcome === "success" || result.outcome === "no-op") &&
      claimed.intent.kind !== "apply-pr" &&
      claimed.intent.kind !== "reconcile" &&
      // A break-glass rollback applies a pull request's head, not a commit of the branch: nothing moves on.
      claimed.intent.kind !== "rollback"
    ) {
      const commit = claimed.intent.commit;
      const next = await advanceDeploy(ports, { commit, branch: options.branch, pr: prOf(claimed) });
      await announce(ports, prOf(claimed), commit, next, options);
      if (next.kind === "enqueued" && next.environment !== environment)
        await drainEnvironment(ports, next.environment, options);
    }
  }
}

async function run(ports: DeployPorts, queued: QueuedIntent, branch: string): Promise<StepResult> {
  const { intent } = queued;
  switch (intent.kind) {
    case "deploy": {
      // Recorded with the deploy: a rollback only goes back to revisions that passed their gates.
      const pull = intent.pr === null ? null : await ports.pull(intent.pr);
      const gates = pull ? await ports.github.checkConclusion(pull.headSha, CHECK_NAME_GATES) : null;
      return deployEnvironment(ports, {
        environment: queued.environment,
        commit: intent.commit,
        intentId: queued.id,
        gatesPassed: gates === "success",
        executor: queued.claimedBy,
        pr: intent.pr,
      });
    }
    case "rollout":
      return advanceRollout(ports, queued.environment, intent.commit);
    case "retry":
      return retryPending(ports, queued.environment, intent.commit);
    case "apply-pr":
      return applyPullHead(ports, { ...queued, intent }, branch);
    case "reconcile":
      return healEnvironment(ports, queued.environment, intent);
    case "rollback":
      return applyBreakGlass(ports, { ...queued, intent });
  }
}

/** The lock's own work: its pre-merge applies, and the deploy of its merge commit (which ends the lock). */
function holdsLock(queued: QueuedIntent, pr: number): boolean {
  return "pr" in queued.intent && queued.intent.pr === pr;
}

function prOf(queued: QueuedIntent): number | null {
  return "pr" in queued.intent ? queued.intent.pr : null;
}

function describe(queued: QueuedIntent): string {
  return "commit" in queued.intent ? `the deploy of ${short(queued.intent.commit)}` : `intent #${queued.id}`;
}

/** The merge of a break-glass rollback now runs here: the environment is git's again. */
async function endBreakGlass(
  ports: DeployPorts,
  environment: string,
  pr: number | null,
  options: ExecutorOptions,
): Promise<void> {
  const lock = (await ports.store.readState(environment)).lock;
  if (pr === null || lock?.kind !== "break-glass" || lock.pr !== pr) return;
  const freed = await releaseLocks(ports, pr, environment);
  if (freed.length > 0)
    await options.report(pr, `🔓 released \`${environment}\`: the rollback's merge is deployed there.`);
}

/**
 * Says what happens next to a commit on its pull request — except "deploying" into an environment locked
 * to another pull request: its drain says at once what the deploy waits behind.
 */
export async function announce(
  ports: DeployPorts,
  pr: number | null,
  commit: string,
  next: Advance,
  options: ExecutorOptions,
): Promise<void> {
  const line = advanceLine(commit, next);
  if (!line) return;
  if (next.kind === "enqueued") {
    const lock = (await ports.store.readState(next.environment)).lock;
    if (lock && lock.pr !== pr) return;
  }
  await options.report(pr, line);
}
