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

export interface EnvironmentState {
  environment: string;
  appliedCommit: string | null;
  phase: Phase;
  lock: EnvironmentLock | null;
  heldRevision: HeldRevision | null;
  pending: PendingSteps | null;
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
