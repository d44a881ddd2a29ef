import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import { resolveVersion } from "../evidence/resolve-version.ts";
import { trackerFaultWords } from "../evidence/tracker-fault-words.ts";

/**
 * The servable artifact URI of every Model rendered in `environment`, resolved through MLflow. A deploy
 * never ships a placeholder: a version that is missing, not READY or without artifacts stops it before
 * any write, with the reason.
 */
export async function resolveArtifacts(
  tracker: Tracker,
  snapshot: PlatformSnapshot,
  environment: string,
): Promise<{ uris: Map<string, string> } | { problem: string }> {
  const uris = new Map<string, string>();
  for (const [name, model] of snapshot.manifests.Model) {
    const { registry, promotion } = model.value.spec;
    if (!promotion.environments.includes(environment)) continue;
    const version = String(registry.version);
    let found: Awaited<ReturnType<typeof resolveVersion>>;
    try {
      found = await resolveVersion(tracker, registry.name, version);
    } catch (error) {
      return { problem: trackerFaultWords(error).replace(/; retry with .*$/, "") };
    }
    if (!found) return { problem: `version ${version} of \`${registry.name}\` does not exist in MLflow` };
    if (found.resolved.status !== "READY")
      return { problem: `version ${version} of \`${registry.name}\` is ${found.resolved.status}, not READY` };
    if (!found.resolved.artifactUri)
      return { problem: `version ${version} of \`${registry.name}\` resolves to no artifact URI` };
    uris.set(name, found.resolved.artifactUri);
  }
  return { uris };
}
