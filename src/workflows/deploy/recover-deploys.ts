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
