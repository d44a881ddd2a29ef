import type { Action } from "../plan/plan.ts";
import type { ObjectRef } from "../render/kube-object.ts";

/**
 * What happened to one object. `kept`: a delete that was not carried out (prune not requested, or an
 * earlier stage failed) and stays in the inventory; `skipped`: not attempted because an earlier stage
 * failed; `refused`: the API server's dry run rejected it, so nothing was written.
 */
export type ObjectResult =
  | "created"
  | "updated"
  | "unchanged"
  | "deleted"
  /** The delete was taken, but the object stays until its finalizers are done: kept in the inventory. */
  | "deleting"
  | "absent"
  | "failed"
  | "skipped"
  | "kept"
  | "refused";

export interface ObjectOutcome {
  ref: ObjectRef;
  action: Action;
  result: ObjectResult;
  /** Requests made for this object (retries included); 0 when nothing was sent. */
  attempts: number;
  /** Why it failed, was refused, kept or skipped; from the API server when it answered. */
  message?: string;
}

export type HealthStatus = "healthy" | "unhealthy" | "progressing" | "unknown";

export interface ObjectHealth {
  ref: ObjectRef;
  status: HealthStatus;
  message?: string;
}

export interface HealthOutcome {
  healthy: boolean;
  objects: ObjectHealth[];
}

/**
 * The outcome of an apply: `applied` (changes written, healthy), `no-op` (nothing to write),
 * `refused` (stopped before any write: a dry-run refusal or the prune guard), `failed` (an object
 * failed; no rollback), `rolled-back` (health failed and the last good commit was re-applied) and
 * `rollback-failed`.
 */
export type ApplyOutcome = "applied" | "no-op" | "refused" | "failed" | "rolled-back" | "rollback-failed";

export interface PruneSummary {
  requested: boolean;
  /** Objects in the inventory that the commit no longer renders. */
  candidates: number;
  /** Objects in the inventory before the apply. */
  inventorySize: number;
  maxShare: number;
  allowMassPrune: boolean;
  refused: boolean;
}

export interface RollbackSummary {
  /** The last good commit re-applied; null when there was none to return to. */
  commit: string | null;
  outcome: "restored" | "failed" | "unavailable";
  reason: string | null;
  objects: ObjectOutcome[];
  health: HealthOutcome | null;
}

/** Object by object, what one apply did: printed by the CLI, posted on the merged pull request. */
export interface ApplyReport {
  version: 1;
  environment: string;
  commit: string;
  planHash: string;
  outcome: ApplyOutcome;
  /** One sentence on why, for every outcome but `applied` and `no-op`. */
  reason: string | null;
  /** In plan order (applies by tier, then deletes in reverse tier order). */
  objects: ObjectOutcome[];
  prune: PruneSummary;
  health: HealthOutcome | null;
  rollback: RollbackSummary | null;
  /** Objects labelled as this environment's that the inventory does not hold: never pruned, only shown. */
  untracked: ObjectRef[];
  inventory: { namespace: string; name: string; objects: number };
}
