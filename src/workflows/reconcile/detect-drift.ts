import { planLive } from "../../cluster/apply/live-plan.ts";
import { DEFAULT_RETRY } from "../../cluster/apply/retry.ts";
import { isClusterFault } from "../../cluster/cluster-port.ts";
import { entryKeys } from "../../cluster/inventory/inventory.ts";
import { InventoryError } from "../../cluster/inventory/inventory-error.ts";
import { inventoryLocation, readInventory } from "../../cluster/inventory/inventory-store.ts";
import { connect, desiredSource, short, snapshotAt } from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import { rolloutSource } from "../rollout/rollout-source.ts";
import { type ConfigDrift, compareLive } from "./compare-live.ts";

export interface Detected {
  drift: ConfigDrift;
  /** `selfHeal: true` in the environment's `.slipway.yml` entry at the applied commit. */
  selfHeal: boolean;
}

/**
 * Reads the environment and compares it with the commit it runs: the same render a deploy applies
 * (artifact URIs resolved through MLflow, canary versions from the live objects), planned against the
 * live objects and the inventory with the API server's dry run — reads and dry runs only, never a write.
 * A cluster or MLflow fault, or a commit that no longer validates, is a problem in plain words.
 */
export async function detectDrift(
  ports: DeployPorts,
  environment: string,
  commit: string,
): Promise<Detected | { problem: string }> {
  const head = await snapshotAt(ports, commit);
  if ("problem" in head) return { problem: head.problem.replace(/; nothing was applied$/, "") };
  const declared = head.snapshot.config?.value.environments.find((e) => e.name === environment);
  const binding = ports.binding?.environments[environment];
  if (!declared || !binding)
    return { problem: `\`${environment}\` is not declared and bound at ${short(commit)}` };
  const port = ports.cluster(environment, binding);
  if (!port) return { problem: `the server binds no cluster for \`${environment}\`` };
  const tracker = await connect(ports, head.snapshot);
  if ("problem" in tracker) return { problem: tracker.problem };
  // A rollout in progress is the environment's intended state (issue #22): its splits, not drift.
  const source = await desiredSource(
    tracker.tracker,
    head.snapshot,
    environment,
    binding,
    commit,
    await rolloutSource(ports, environment, commit, head.snapshot),
  );
  if ("problem" in source) return { problem: source.problem };
  try {
    const { inventory } = await readInventory(
      port,
      inventoryLocation(environment, binding.namespaces),
      environment,
      DEFAULT_RETRY,
    );
    const live = await planLive(port, source.source, inventory, { concurrency: 8, retry: DEFAULT_RETRY });
    const drift = compareLive({
      desired: live.rendered,
      live: [...live.live.values()],
      tracked: entryKeys(inventory.entries),
      serverNoop: live.serverNoop,
    });
    return { drift, selfHeal: declared.selfHeal === true };
  } catch (error) {
    if (!isClusterFault(error) && !(error instanceof InventoryError)) throw error;
    return { problem: `the cluster failed: ${error.message}` };
  }
}
