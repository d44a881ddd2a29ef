import { advanceDeploy, type DeployTarget } from "./advance-deploy.ts";
import { short } from "./deploy-environment.ts";
import type { DeployPorts } from "./deploy-ports.ts";
import { announce, drainEnvironment, type ExecutorOptions } from "./run-executor.ts";

/** A merged pull request, as commands on it see it. */
export interface MergedPull {
  number: number;
  author: string;
  mergeCommit: string | null;
  baseBranch: string;
}

/** Whether `login` is one of `approvers` (`@login`, or a member of `@org/team`). */
export type IsApprover = (login: string, approvers: readonly string[]) => Promise<boolean>;

/**
 * Moves a commit along its route and drains the environment that gets it; every step is reported on
 * the pull request. What a push to a followed branch, `/slipway approve` and `/slipway retry` share.
 */
export async function deployAndDrain(
  ports: DeployPorts,
  target: DeployTarget,
  options: ExecutorOptions,
): Promise<void> {
  const next = await advanceDeploy(ports, target);
  await announce(ports, target.pr, target.commit, next, options);
  if (next.kind === "enqueued")
    await drainEnvironment(ports, next.environment, { ...options, branch: target.branch });
}

/**
 * `/slipway approve`: on a merged pull request, approves the environment its merge commit waits for.
 * The approver must be declared for that environment and cannot be the pull request's author. The
 * caller then moves the deploy on (in the repository's deploy line).
 */
export async function approveCommand(
  ports: DeployPorts,
  pull: MergedPull,
  login: string,
  isApprover: IsApprover,
): Promise<{ refused: string } | { approved: DeployTarget; environment: string }> {
  const refused = (text: string) => ({ refused: text });
  if (!pull.mergeCommit)
    return refused("`/slipway approve` approves a deploy: merge the pull request first.");
  const target = { commit: pull.mergeCommit, branch: pull.baseBranch, pr: pull.number };
  const next = await advanceDeploy(ports, target);
  if (next.kind !== "waiting" || next.gate.kind !== "approvals")
    return refused(`nothing waits for an approval for ${short(pull.mergeCommit)}.`);
  if (login === pull.author) return refused("the author of a pull request cannot approve its deploy.");
  if (!(await isApprover(login, next.gate.approvers)))
    return refused(
      `only a declared approver of \`${next.environment}\` (${next.gate.approvers.join(", ") || "none declared"}) can approve.`,
    );
  await ports.store.addApproval({
    environment: next.environment,
    commit: pull.mergeCommit,
    login,
    at: ports.now(),
  });
  return { approved: target, environment: next.environment };
}

/** `/slipway retry`: queues the completion of partial deploys of the merge commit (no apply again). */
export async function retryCommand(
  ports: DeployPorts,
  pull: MergedPull,
  login: string,
): Promise<{ refused: string } | { queued: string[] }> {
  if (!pull.mergeCommit)
    return {
      refused: "`/slipway retry` completes a deploy: nothing was deployed from this pull request yet.",
    };
  const pending: string[] = [];
  for (const environment of Object.keys(ports.binding?.environments ?? {})) {
    const state = await ports.store.readState(environment);
    if (state.pending?.commit === pull.mergeCommit) pending.push(environment);
  }
  if (pending.length === 0) return { refused: `nothing is pending for ${short(pull.mergeCommit)}.` };
  for (const environment of pending)
    await ports.store.enqueue(
      environment,
      { kind: "retry", commit: pull.mergeCommit, pr: pull.number },
      login,
    );
  return { queued: pending };
}
