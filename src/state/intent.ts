/** Work for one environment's executor, recorded by any replica and taken in order by one. */
export type Intent =
  /** Deploy a commit of the default branch (merge-to-deploy), as far as this environment. */
  | { kind: "deploy"; commit: string; pr: number | null }
  /** Apply a pull request's head before merge, Atlantis-style; refused unless sha and plan hash match. */
  | { kind: "apply-pr"; pr: number; sha: string; planHash: string }
  /**
   * Break-glass: apply a rollback pull request's head (`commit`, restoring the model's last healthy
   * version) at once, skipping approvals and gates, while that pull request holds the environment's lock.
   */
  | { kind: "rollback"; model: string; commit: string; pr: number | null }
  /** Finish the steps a partially failed deploy left (`/slipway retry`). */
  | { kind: "retry"; commit: string; pr: number | null }
  /**
   * Self-heal: re-apply the applied commit over config drift, only while the environment's state is still
   * the one the reconcile pass saw (its `revision`: same commit, no lock taken or released since).
   */
  | { kind: "reconcile"; commit: string; revision: number }
  /**
   * Issue #22: walk the rollout of `commit` that a deploy intent started — evaluate the step that came
   * due, then apply the next split, take all traffic and finish the deploy, or roll back.
   */
  | { kind: "rollout"; commit: string; pr: number | null };

export type IntentStatus = "queued" | "running" | "done" | "failed" | "cancelled";

export interface QueuedIntent {
  id: number;
  environment: string;
  intent: Intent;
  /** Who asked: a GitHub login, or "push" for merge-to-deploy. */
  requestedBy: string;
  status: IntentStatus;
  enqueuedAt: string;
  /** The executor that took it (holder identity), while running. */
  claimedBy: string | null;
  claimedAt: string | null;
  finishedAt: string | null;
  /** Plain words: why it failed or was cancelled, what it did. */
  note: string | null;
}

/** Two intents with the same key are the same work: enqueueing it again returns the queued one. */
export function intentKey(intent: Intent): string {
  switch (intent.kind) {
    case "deploy":
      return `deploy:${intent.commit}`;
    case "apply-pr":
      return `apply-pr:${intent.pr}:${intent.sha}:${intent.planHash}`;
    case "rollback":
      return `rollback:${intent.model}:${intent.commit}`;
    case "retry":
      return `retry:${intent.commit}`;
    case "reconcile":
      return `reconcile:${intent.commit}:${intent.revision}`;
    case "rollout":
      return `rollout:${intent.commit}`;
  }
}
