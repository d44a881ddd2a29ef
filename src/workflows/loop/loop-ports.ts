import type { SourceTree } from "../../manifests/source-tree.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import type { BranchWritePort } from "../branch-write-port.ts";
import type { PipelineRunPorts } from "../pipelines/start-run.ts";

/** A pull request Slipway opened for a retrained version, as GitHub lists it. */
export interface RetrainPull {
  number: number;
  branch: string;
  headSha: string;
}

/** What the loop asks GitHub about its candidate pull requests. */
export interface RetrainPullsPort {
  /** The open pull request of this app from a `slipway/retrain/<model>-v…` branch, or null. */
  openFor(model: string): Promise<RetrainPull | null>;
  /** Pull requests (open or closed) ever opened from `branch`, newest first. */
  fromBranch(branch: string): Promise<{ number: number; state: "open" | "closed" }[]>;
  update(number: number, change: { title: string; body: string }): Promise<void>;
}

export interface LoopLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * What the drift-to-candidate loop needs from the outside world, for one repository (issue #19): the
 * run ports of issue #18 (KFP, the records), the default branch, MLflow, comments on issues, and Slipway's
 * own branch writes and pull requests.
 */
export interface LoopPorts extends PipelineRunPorts {
  /** The default branch: its name and head commit. */
  defaultBranch(): Promise<{ name: string; head: string }>;
  readTree(sha: string): Promise<SourceTree>;
  /** The tracking integration the default branch names, opened (never throws). */
  connectTracker(
    integration: string | null,
  ): Promise<{ tracker: Tracker; trackingUrl?: string } | { unavailable: string }>;
  /** A new comment on an issue or pull request; returns its id. */
  comment(issue: number, body: string): Promise<number>;
  branches: BranchWritePort;
  pulls: RetrainPullsPort;
  log: LoopLog;
  /** Counted on `/metrics`. */
  metrics: LoopMetrics;
}

/** The series of issue #19 (`slipway-metrics.ts` implements them). */
export interface LoopMetrics {
  /** A drift trigger's decision: started, skipped-cooldown, skipped-running, refused, failed. */
  recordRetrainTrigger(pipeline: string, outcome: string): void;
  /** How a triggered retrain ended: succeeded, failed, canceled. */
  recordTriggeredRetrain(pipeline: string, outcome: string): void;
  recordCandidatePull(model: string, action: "opened" | "updated"): void;
  setRegistryDrift(
    environment: string,
    aliases: readonly { model: string; alias: string; drifted: boolean }[],
  ): void;
}
