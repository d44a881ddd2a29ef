import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import { describeSteps } from "../../rollout/canary-steps.ts";
import type { RolloutTarget } from "../../rollout/rollout-targets.ts";
import type { RolloutModel, RolloutState } from "../../state/environment-state.ts";
import type { StepResult } from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import { short } from "../deploy/deploy-words.ts";

export interface RolloutStart {
  environment: string;
  commit: string;
  previousCommit: string | null;
  pr: number | null;
  intentId: number;
  deploymentId: number;
  gatesPassed: boolean;
  snapshot: PlatformSnapshot;
  targets: readonly RolloutTarget[];
}

export const addSeconds = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();

/**
 * The deploy applied each target's first split (render's default for a new version beside a served
 * one): record the rollout in the environment's state — from here a restarted or another executor
 * resumes it where it is — and say what runs, for how long, and what is checked.
 */
export async function startRollout(ports: DeployPorts, start: RolloutStart): Promise<StepResult> {
  const now = ports.now();
  const models: RolloutModel[] = start.targets.map((t) => ({
    model: t.model,
    version: t.version,
    stable: { ...t.stable },
    step: 0,
    steps: t.steps.length,
    stepStartedAt: now,
    dueAt: addSeconds(now, t.steps[0]?.seconds ?? 0),
    failures: {},
  }));
  const rollout: RolloutState = {
    commit: start.commit,
    previousCommit: start.previousCommit,
    pr: start.pr,
    intentId: start.intentId,
    deploymentId: start.deploymentId,
    gatesPassed: start.gatesPassed,
    models,
    evaluations: 0,
    last: null,
    paused: null,
    abort: null,
  };
  await ports.store.updateState(start.environment, (s) => ({
    ...s,
    phase: "verifying",
    appliedCommit: start.commit,
    rollout,
    updatedAt: ports.now(),
  }));
  const first = start.targets.map((t) => {
    const step = t.steps[0];
    const share = step?.mirror ? "a mirror of all traffic" : `${step?.share ?? 0}%`;
    return `\`${t.model}\` ${t.stable.version} → ${t.version} (${describeSteps(t.steps)}): ${share} for ${step?.interval ?? "0s"}`;
  });
  await ports.github.setDeploymentStatus(start.deploymentId, "in_progress", {
    description: `canary: step 1 of ${start.targets[0]?.steps.length ?? 1}`,
  });
  return {
    outcome: "rolling-out",
    note: `rolling out ${short(start.commit)} step by step: ${first.join("; ")}, then checked on live metrics`,
    report: null,
  };
}

/** What a rollout in progress is doing, for a deploy of its commit asked again. */
export function rolloutUnderWay(rollout: RolloutState, environment: string): string {
  const where = rollout.models.map((m) => `\`${m.model}\` at step ${m.step + 1}`).join(", ");
  const paused = rollout.paused ? `, paused by @${rollout.paused.by}` : "";
  return `the rollout of ${short(rollout.commit)} in \`${environment}\` is under way (${where}${paused})`;
}
