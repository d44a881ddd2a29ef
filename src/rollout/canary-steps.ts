import type { CanarySpec } from "../manifests/schemas/canary.ts";
import { durationSeconds } from "../render/duration.ts";

/** One step a progressive rollout walks: a traffic share (or Seldon's mirror) held for `seconds`. */
export interface RolloutStep {
  /** The new version's share of traffic, 1–99; 0 for a mirror step (the users see only the stable version). */
  share: number;
  /** Seldon: all traffic is mirrored to the new version, whose answers are discarded. */
  mirror: boolean;
  /** How long the step runs before its checks are evaluated. */
  seconds: number;
  /** The interval as written (`5m`), for reports and the `{{interval}}` placeholder. */
  interval: string;
}

/** A Model's canary as a walk of steps, or null when it declares none (no canary, or a fixed `percent`). */
export function canarySteps(canary: CanarySpec | undefined): RolloutStep[] | null {
  if (!canary?.steps) return null;
  const steps: RolloutStep[] = [];
  const fallback = canary.interval;
  if (canary.shadow && fallback !== undefined)
    steps.push({ share: 0, mirror: true, seconds: durationSeconds(fallback), interval: fallback });
  for (const step of canary.steps) {
    const share = typeof step === "number" ? step : step.weight;
    const interval = (typeof step === "number" ? undefined : step.interval) ?? fallback;
    // Validation refuses a step without an interval; a render of such a manifest waits nothing.
    steps.push({
      share,
      mirror: false,
      seconds: interval ? durationSeconds(interval) : 0,
      interval: interval ?? "0s",
    });
  }
  return steps;
}

/** "10% → 50% → 100%", with the mirror first when there is one. */
export function describeSteps(steps: readonly RolloutStep[]): string {
  return [...steps.map((s) => (s.mirror ? "mirror" : `${s.share}%`)), "100%"].join(" → ");
}
