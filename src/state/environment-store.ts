import type { EnvironmentState } from "./environment-state.ts";
import type { Intent, IntentStatus, QueuedIntent } from "./intent.ts";

/** What a deploy applied to one environment: the baseline of later gates and the target of rollbacks. */
export interface DeployRecord {
  environment: string;
  commit: string;
  /** Registry version per Model name, as applied. */
  models: Record<string, string>;
  outcome: "success" | "failure";
  /** Did every model pass its gates at that commit (rollback only goes back to such a revision). */
  gatesPassed: boolean;
  at: string;
}

export interface Approval {
  environment: string;
  commit: string;
  login: string;
  at: string;
}

/**
 * Durable per-environment state: the intent queue, the state record, deploy records and approvals.
 * Embedded mode keeps it in SQLite (`node:sqlite`); a cluster keeps it in ConfigMaps beside the
 * inventory — never both for one environment. Every method is atomic on its own; `updateState` is a
 * compare-and-set on `revision` that retries `change` on a concurrent write.
 */
export interface EnvironmentStore {
  /** Queues an intent (or returns the same queued/running one, by `intentKey`) and its 1-based position. */
  enqueue(
    environment: string,
    intent: Intent,
    requestedBy: string,
  ): Promise<{ intent: QueuedIntent; position: number }>;
  /** 1-based place in line among queued and running intents; null when done, failed or unknown. */
  position(id: number): Promise<number | null>;
  /** Marks the oldest queued intent running for `executor`; a running one claimed before `staleBefore` is taken over. */
  claimNext(environment: string, executor: string, staleBefore: string): Promise<QueuedIntent | null>;
  finish(id: number, status: Exclude<IntentStatus, "queued" | "running">, note: string | null): Promise<void>;
  list(environment: string, statuses?: readonly IntentStatus[]): Promise<QueuedIntent[]>;

  readState(environment: string): Promise<EnvironmentState>;
  updateState(
    environment: string,
    change: (current: EnvironmentState) => EnvironmentState,
  ): Promise<EnvironmentState>;

  recordDeploy(record: DeployRecord): Promise<void>;
  /** Newest first. */
  deploys(environment: string, limit?: number): Promise<DeployRecord[]>;

  addApproval(approval: Approval): Promise<void>;
  approvals(environment: string, commit: string): Promise<Approval[]>;
}
