import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import type { RolloutPin } from "../render/canary-split.ts";
import { canarySteps, type RolloutStep } from "./canary-steps.ts";

/** What a rollout record says about one Model, as far as rendering goes (state/environment-state.ts). */
export interface PinnedModel {
  model: string;
  stable: { version: string; artifactUri?: string; image?: string };
  step: number;
}

/** The Model's steps at the rollout's commit (empty when it declares none any more). */
export function stepsOf(snapshot: PlatformSnapshot, model: string): RolloutStep[] {
  return canarySteps(snapshot.manifests.Model.get(model)?.value.spec.serving.canary) ?? [];
}

/**
 * The split each Model of a rollout is rendered at: its current step's share (or Seldon's mirror), or
 * the new version alone once it walked every step. `rollback` pins every Model at 0%: all traffic to
 * the stable version at once, the new version's objects left in place until the previous commit is
 * applied again.
 */
export function rolloutPins(
  snapshot: PlatformSnapshot,
  models: readonly PinnedModel[],
  mode: "walk" | "rollback" = "walk",
): Map<string, RolloutPin> {
  const pins = new Map<string, RolloutPin>();
  for (const m of models) {
    const steps = stepsOf(snapshot, m.model);
    const step = steps[m.step];
    if (mode === "rollback") pins.set(m.model, { split: { share: 0, mirror: false }, stable: m.stable });
    else if (step) pins.set(m.model, { split: { share: step.share, mirror: step.mirror }, stable: m.stable });
    else pins.set(m.model, { whole: true });
  }
  return pins;
}

/** Every Model pinned to its new version alone: no split is left (a rollout's end, or a re-apply). */
export function wholePins(models: Iterable<string>): Map<string, RolloutPin> {
  return new Map([...models].map((m) => [m, { whole: true } as RolloutPin]));
}
