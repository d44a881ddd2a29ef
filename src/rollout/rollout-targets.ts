import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import type { ServedVersion } from "../render/render-context.ts";
import { canarySteps, type RolloutStep } from "./canary-steps.ts";

/** A Model whose new version a deploy walks through canary steps in one environment. */
export interface RolloutTarget {
  model: string;
  /** The version serving now, which keeps the rest of the traffic until the new one takes it all. */
  stable: ServedVersion;
  version: string;
  steps: RolloutStep[];
}

/**
 * The Models a deploy of `snapshot` to `environment` rolls out step by step: promoted there, with
 * `canary.steps`, and another version served now. A first deploy (nothing served) or a change that
 * keeps the version is applied at once: there is nothing to compare the new version with.
 */
export function rolloutTargets(
  snapshot: PlatformSnapshot,
  environment: string,
  served: ReadonlyMap<string, ServedVersion>,
): RolloutTarget[] {
  const out: RolloutTarget[] = [];
  for (const model of snapshot.manifests.Model.values()) {
    const spec = model.value.spec;
    if (!spec.promotion.environments.includes(environment)) continue;
    const steps = canarySteps(spec.serving.canary);
    const stable = served.get(model.name);
    const version = String(spec.registry.version);
    if (!steps || !stable || stable.version === version) continue;
    out.push({ model: model.name, stable, version, steps });
  }
  return out;
}
