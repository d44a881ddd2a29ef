import { nextEvaluation } from "../rollout/rollout-schedule.ts";
import type { DeployPorts } from "./deploy-ports.ts";
import { drainEnvironment, type ExecutorOptions } from "./run-executor.ts";

/**
 * Issue #9: after a restart (and periodically) finish what executors left. Every bound environment
 * whose line starts with a queued intent, or with a running one whose executor died (claimed longer
 * than `staleAfterMs` ago, or by this executor before a restart under the same identity), is drained;
 * a running intent another executor claimed recently is left to it. Returns the environments drained.
 */
export async function recoverDeploys(ports: DeployPorts, options: ExecutorOptions): Promise<string[]> {
  const staleBefore = new Date(Date.parse(ports.now()) - options.staleAfterMs).toISOString();
  const drained: string[] = [];
  // Issue #22: a rollout whose step came due while no executor ran is evaluated now; one not yet due
  // gets its timer again. Its recorded step start stands: a restart never begins a step's wait anew.
  const now = ports.now();
  for (const environment of Object.keys(ports.binding?.environments ?? {})) {
    const rollout = (await ports.store.readState(environment)).rollout;
    options.observeRollout?.(environment, rollout ?? null);
    const at = rollout ? nextEvaluation(rollout) : null;
    if (!rollout || at === null) continue;
    const intent = { commit: rollout.commit, pr: rollout.pr };
    if (at <= now) await ports.store.enqueue(environment, { kind: "rollout", ...intent }, "rollout");
    else options.rolloutDue?.(environment, at, intent);
  }
  for (const environment of Object.keys(ports.binding?.environments ?? {})) {
    const [first] = await ports.store.list(environment, ["queued", "running"]);
    if (!first) continue;
    const live =
      first.status === "running" &&
      first.claimedBy !== options.executor &&
      first.claimedAt !== null &&
      first.claimedAt >= staleBefore;
    if (live) continue;
    await drainEnvironment(ports, environment, options);
    drained.push(environment);
  }
  return drained;
}
