import type { BoundLiveMetrics } from "../../live-metrics/connect-bound-live-metrics.ts";
import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";

/** Whether any Model promoted to `environment` declares canary checks (so Prometheus is needed). */
export function declaresChecks(snapshot: PlatformSnapshot, environment: string): boolean {
  for (const model of snapshot.manifests.Model.values()) {
    const spec = model.value.spec;
    if (!spec.promotion.environments.includes(environment)) continue;
    if (spec.serving.canary?.steps && (spec.serving.canary.analysis?.checks.length ?? 0) > 0) return true;
  }
  return false;
}

/**
 * The Prometheus a deploy's rollouts query, connected before anything is applied so a missing or
 * broken integration stops the deploy with the reason instead of a rollout that cannot judge itself.
 * null when no Model there declares checks.
 */
export async function connectRolloutMetrics(
  ports: DeployPorts,
  snapshot: PlatformSnapshot,
  environment: string,
): Promise<BoundLiveMetrics | null> {
  if (!declaresChecks(snapshot, environment)) return null;
  if (!ports.connectLiveMetrics) return { unavailable: "this server has no metrics source wired" };
  return ports.connectLiveMetrics(snapshot.config?.value.integrations.metrics ?? null);
}
