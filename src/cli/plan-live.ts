import { planLive } from "../cluster/apply/live-plan.ts";
import { DEFAULT_RETRY } from "../cluster/apply/retry.ts";
import { isClusterFault } from "../cluster/cluster-port.ts";
import { InventoryError } from "../cluster/inventory/inventory-error.ts";
import { readInventory } from "../cluster/inventory/inventory-store.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import type { EnvironmentBinding } from "../render/render-context.ts";
import { renderServerVerdictText, serverVerdict } from "../report/apply-dry-run.ts";
import { renderPlanJson } from "../report/plan-json.ts";
import { renderPlanMarkdown } from "../report/plan-markdown.ts";
import { renderPlanText } from "../report/plan-text.ts";
import { forStdout } from "./colour.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "./io.ts";
import { liveTarget, renderFromLive } from "./live-target.ts";

interface Inputs {
  snapshot: PlatformSnapshot;
  environment: string;
  binding: EnvironmentBinding;
}

/**
 * `slipway plan --env E` for an environment bound to a cluster: the plan against the live objects and
 * the inventory kept in the cluster, each change dry-run by the API server. The plan itself prints as
 * offline plans do (same JSON shape); the server's verdict follows the text form, or goes to stderr.
 */
export async function planAgainstCluster(
  inputs: Inputs,
  commit: string,
  format: "text" | "json" | "markdown",
  io: CliIo,
): Promise<number> {
  try {
    const target = liveTarget(inputs.environment, inputs.binding, io);
    const { inventory } = await readInventory(
      target.port,
      target.inventoryAt,
      inputs.environment,
      DEFAULT_RETRY,
    );
    const source = renderFromLive(inputs.snapshot, inputs.environment, inputs.binding, commit);
    const live = await planLive(target.port, source, inventory, { concurrency: 8, retry: DEFAULT_RETRY });
    const verdict = renderServerVerdictText(
      serverVerdict(live.plan.changes, {
        refusals: live.refusals,
        unserved: live.unserved,
        untracked: live.untracked,
      }),
    );
    if (format === "text") io.stdout(forStdout(`${renderPlanText(live.plan)}\n${verdict}`, io));
    else {
      io.stdout(format === "json" ? renderPlanJson(live.plan) : renderPlanMarkdown(live.plan));
      io.stderr(verdict);
    }
    return live.refusals.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (!isClusterFault(error) && !(error instanceof InventoryError)) throw error;
    io.stderr(`slipway plan: ${error.message}\n`);
    return EXIT_USAGE;
  }
}
