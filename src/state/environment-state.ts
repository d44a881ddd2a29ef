import type { CheckResult } from "../rollout/check-result.ts";

/**
 * Per-environment state (DESIGN.md §4 "Environment state machine"): what is applied, what the single
 * executor is doing, who holds the environment, and a failed revision that is never re-applied by
 * itself. Plain data, kept beside the inventory (in the cluster, or in SQLite in embedded mode).
 */
export type Phase = "idle" | "applying" | "verifying" | "failed" | "held";

export interface EnvironmentLock {
  /** The pull request that applied its head before merge (`/slipway apply <env>`, or a break-glass rollback). */
  pr: number;
  sha: string;
  by: string;
  /** ISO 8601. */
  since: string;
  /**
   * Why it is held: a pre-merge apply (absent or "apply"), or a break-glass rollback applied at once
   * (`/slipway rollback --break-glass`). The reconcile loop and self-heal skip every lock alike.
   */
  kind?: "apply" | "break-glass";
}

export interface HeldRevision {
  commit: string;
  reason: string;
  at: string;
}

/** A deploy whose cluster step succeeded but a later step (registry, GitHub Deployment) did not. */
export interface PendingSteps {
  commit: string;
  intentId: number;
  /** The steps still to do, in order. */
  steps: ("registry" | "deployment" | "report")[];
  reason: string;
  /** The GitHub Deployment to mark successful once the steps are done. */
  deploymentId: number | null;
}

/** Where one Model of a rollout is: its versions, its step, since when, and its checks' failures so far. */
export interface RolloutModel {
  model: string;
  version: string;
  stable: { version: string; artifactUri?: string; image?: string };
  /** 0-based index into the Model's steps at `commit`; `steps` means it walked them all. */
  step: number;
  /** How many steps the Model declares at `commit`. */
  steps: number;
  /** When the current step's split was applied. */
  stepStartedAt: string;
  /** When the step's checks are evaluated: its interval after `stepStartedAt`, moved on by a pause. */
  dueAt: string;
  /** Failed evaluations per check name in this rollout, against `failureLimit`. */
  failures: Record<string, number>;
}

/**
 * A progressive rollout in progress (issue #22): part of a deploy intent of `commit` that applied its
 * first split, walked by `rollout` intents as each step comes due. While it exists the environment's
 * intended state is `commit` at these splits — the reconcile loop renders it so, and the deploy does not
 * move on to the next environment.
 */
export interface RolloutState {
  commit: string;
  /** The commit serving before: a failed rollout re-applies it. */
  previousCommit: string | null;
  pr: number | null;
  intentId: number;
  deploymentId: number | null;
  /** The merged head passed `slipway/gates` (recorded with the deploy when it succeeds). */
  gatesPassed: boolean;
  models: RolloutModel[];
  /** Evaluations done so far (all models). */
  evaluations: number;
  /** The latest evaluation's numbers. */
  last: { at: string; results: CheckResult[] } | null;
  paused: { by: string; at: string } | null;
  /** Asked to roll back (`/slipway rollout abort`): the next rollout intent does it. */
  abort: { by: string; at: string } | null;
}

export interface EnvironmentState {
  environment: string;
  appliedCommit: string | null;
  phase: Phase;
  lock: EnvironmentLock | null;
  heldRevision: HeldRevision | null;
  pending: PendingSteps | null;
  /** A rollout in progress (absent or null: none). */
  rollout?: RolloutState | null;
  /** Monotonic revision of this record, for compare-and-set writes. */
  revision: number;
  updatedAt: string;
}

export function initialState(environment: string, now: string): EnvironmentState {
  return {
    environment,
    appliedCommit: null,
    phase: "idle",
    lock: null,
    heldRevision: null,
    pending: null,
    revision: 0,
    updatedAt: now,
  };
}
