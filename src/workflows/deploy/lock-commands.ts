import { stickyHeadSha } from "../../report/sticky-comment.ts";
import { short } from "./deploy-environment.ts";
import type { DeployPorts } from "./deploy-ports.ts";
import { lockWords } from "./deploy-words.ts";
import { preMergeRefusal, pullPlan } from "./pull-plan.ts";
import { shownPlanHashes } from "./shown-plan-hashes.ts";

/** An open pull request as `/slipway apply` sees it, with Slipway's own sticky comment (null: none yet). */
export interface ApplyRequest {
  pr: number;
  headSha: string;
  fork: boolean;
  defaultBranch: string;
  environment: string;
  /** `--plan sha256:…`; absent: the hash the sticky comment shows for the environment. */
  plan?: string;
  login: string;
  sticky: string | null;
}

export type ApplyAnswer =
  | { refused: string }
  | { queued: { environment: string; intentId: number; position: number } };

const rolloutRefusal = (commit: string, environment: string) =>
  `a canary rollout of ${short(commit)} is under way in \`${environment}\`: apply once it ends, or after \`/slipway rollout abort ${environment}\`.`;

/**
 * `/slipway apply <env>` (issue #9 item 3): checks everything a reviewer can be told at once — fork,
 * production, `preMergeApply`, a moved head, a stale plan — then locks the environment to the pull request
 * (unless another holds it) and queues the apply. The executor checks head and plan again before writing.
 */
export async function applyCommand(ports: DeployPorts, request: ApplyRequest): Promise<ApplyAnswer> {
  const { environment, pr, headSha } = request;
  const refused = (text: string) => ({ refused: text });
  if (request.fork)
    return refused(
      "pull requests from forks are never applied before merge; push the branch to this repository.",
    );
  const underWay = (await ports.store.readState(environment)).rollout;
  if (underWay) return refused(rolloutRefusal(underWay.commit, environment));
  const computed = await pullPlan(ports, { headSha, defaultBranch: request.defaultBranch, environment });
  const base = "problem" in computed ? null : computed.base;
  const refusal = preMergeRefusal(base, ports.binding?.environments[environment], environment, headSha);
  if (refusal && !("problem" in computed)) return refused(`${refusal}.`);
  if ("problem" in computed) return refused(`not applied: ${computed.problem}.`);
  const shownHead = request.sticky ? stickyHeadSha(request.sticky) : null;
  if (shownHead !== headSha)
    return refused(
      shownHead
        ? `the head moved since the plan was shown (${short(shownHead)} → ${short(headSha)}): run \`/slipway plan\`, read the new plan, then apply.`
        : "no plan has been shown for this head yet: run `/slipway plan`, read it, then apply.",
    );
  const shown = request.plan ?? shownPlanHashes(request.sticky ?? "").get(environment);
  if (!shown)
    return refused(
      `the comment shows no plan for \`${environment}\` (nothing to change there): nothing to apply.`,
    );
  if (shown !== computed.plan.hash)
    return refused(
      `${request.plan ? "the plan given with `--plan`" : `the plan shown for \`${environment}\``} is \`${shown}\`, but the plan computed now is \`${computed.plan.hash}\`: run \`/slipway plan\`, read the new plan, then apply.`,
    );
  // A canary rollout under way owns the environment's traffic (issue #22): a pre-merge apply would
  // replace its split, so it waits for the rollout's end (or `/slipway rollout abort`).
  const locked = await ports.store.updateState(environment, (s) =>
    (s.lock && s.lock.pr !== pr) || s.rollout
      ? s
      : { ...s, lock: { pr, sha: headSha, by: request.login, since: ports.now() }, updatedAt: ports.now() },
  );
  if (locked.rollout && locked.lock?.pr !== pr)
    return refused(rolloutRefusal(locked.rollout.commit, environment));
  if (locked.lock?.pr !== pr)
    return refused(
      `\`${environment}\` is locked to #${locked.lock?.pr} (${locked.lock ? lockWords(locked.lock) : "applied before merge"}); it is freed when that pull request merges or closes, or by \`/slipway unlock\` there.`,
    );
  const queued = await ports.store.enqueue(
    environment,
    { kind: "apply-pr", pr, sha: headSha, planHash: computed.plan.hash },
    request.login,
  );
  return { queued: { environment, intentId: queued.intent.id, position: queued.position } };
}

/**
 * Frees every environment locked to `pr` (it merged or closed, or `/slipway unlock`); with `only`, just
 * that environment, whoever holds it (a maintainer's unlock). Returns the environments freed; the caller
 * drains them so what waited proceeds.
 */
export async function releaseLocks(
  ports: DeployPorts,
  pr: number | null,
  only?: string,
  options: { keepBreakGlass?: boolean } = {},
): Promise<string[]> {
  const freed: string[] = [];
  const environments = only ? [only] : Object.keys(ports.binding?.environments ?? {});
  for (const environment of environments) {
    const state = await ports.store.readState(environment);
    if (!state.lock || (pr !== null && state.lock.pr !== pr)) continue;
    if (options.keepBreakGlass && state.lock.kind === "break-glass") continue;
    const holder = state.lock.pr;
    const after = await ports.store.updateState(environment, (s) =>
      s.lock?.pr === holder ? { ...s, lock: null, updatedAt: ports.now() } : s,
    );
    if (after.lock === null) freed.push(environment);
  }
  return freed;
}

/**
 * `/slipway unlock [env]`: the lock's own pull request frees its environments; another pull request's
 * lock is freed only by a maintainer naming the environment.
 */
export async function unlockCommand(
  ports: DeployPorts,
  request: { pr: number; environment?: string; maintainer: boolean },
): Promise<{ refused: string } | { freed: string[] }> {
  const { environment } = request;
  if (environment && !ports.binding?.environments[environment])
    return { refused: `\`${environment}\` is not an environment this server binds.` };
  if (environment) {
    const lock = (await ports.store.readState(environment)).lock;
    if (!lock) return { refused: `\`${environment}\` is not locked.` };
    if (lock.pr !== request.pr && !request.maintainer)
      return {
        refused: `\`${environment}\` is locked to #${lock.pr}: only that pull request or a maintainer can unlock it.`,
      };
    return { freed: await releaseLocks(ports, lock.pr, environment) };
  }
  const freed = await releaseLocks(ports, request.pr);
  if (freed.length === 0) return { refused: "this pull request holds no environment lock." };
  return { freed };
}
