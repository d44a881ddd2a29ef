import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import { rolloutPins } from "../../rollout/rollout-pins.ts";
import type { SourceOptions } from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";

/**
 * How `commit` is rendered in `environment` right now: at the splits of its rollout in progress (the
 * intended state while it walks), else as a deploy renders it. For the reconcile loop and self-heal.
 */
export async function rolloutSource(
  ports: DeployPorts,
  environment: string,
  commit: string,
  snapshot: PlatformSnapshot,
): Promise<SourceOptions> {
  const rollout = (await ports.store.readState(environment)).rollout;
  if (!rollout || rollout.commit !== commit) return {};
  return { rollout: rolloutPins(snapshot, rollout.models) };
}
