import type { Manifest } from "../manifests/snapshot.ts";
import { canarySteps } from "../rollout/canary-steps.ts";
import type { RenderContext, ServedVersion } from "./render-context.ts";

type Model = Manifest<"Model">;

/** Two versions served side by side: the new one takes `share` percent, or all traffic as a mirror. */
export interface TrafficSplit {
  /** 0–99; 0 sends every request to the stable version (a rollout rolling back). */
  share: number;
  /** Seldon: all traffic is mirrored to the new version; users are answered by the stable one. */
  mirror: boolean;
  stable: ServedVersion;
}

/**
 * What a rollout in progress pins for one Model (the environment's state, issue #22): a split at its
 * current step, or the new version alone once it reached 100%.
 */
export type RolloutPin =
  | { split: { share: number; mirror: boolean }; stable: ServedVersion }
  | { whole: true };

/**
 * The split to render for a Model, or null for the new version alone. A rollout in progress decides;
 * otherwise a canary splits only when another version is served here: a fixed `percent` as written,
 * `steps` at their first step (what merging applies first; the executor walks the rest).
 */
export function canarySplit(model: Model, ctx: RenderContext): TrafficSplit | null {
  const pin = ctx.rollout?.get(model.name);
  if (pin) return "whole" in pin ? null : { ...pin.split, stable: pin.stable };
  const canary = model.value.spec.serving.canary;
  const served = ctx.servedVersions.get(model.name);
  if (!canary || !served || served.version === String(model.value.spec.registry.version)) return null;
  if (canary.percent !== undefined) return { share: canary.percent, mirror: false, stable: served };
  const [first] = canarySteps(canary) ?? [];
  return first ? { share: first.share, mirror: first.mirror, stable: served } : null;
}

/** "10% to version 7, 90% to version 6", or the mirror's words. */
export function describeSplit(split: TrafficSplit, version: string): string {
  if (split.mirror)
    return `version ${split.stable.version} answers all traffic; a mirror of it goes to version ${version}`;
  return `${split.share}% to version ${version}, ${100 - split.share}% to version ${split.stable.version}`;
}
