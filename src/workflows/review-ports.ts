import type { RepoFiles } from "../datasets/dvc/repo-files.ts";
import type { DatasetAccess } from "../datasets/s3/dataset-access.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import type { CheckRunOutput } from "../report/check-run-output.ts";
import type { ModelFiles } from "../tracker/model-files/model-files-port.ts";
import type { Tracker } from "../tracker/tracker-port.ts";
import type { ReadUriPackage } from "./pipelines/review-packages.ts";

/** The pull request head being reviewed. */
export interface ReviewTarget {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  defaultBranch: string;
  /** The branch the pull request merges into, when it is not the default branch. */
  baseBranch?: string;
  /** Fork PRs get validation only: no evidence reads and no live plans (DESIGN.md §4). */
  fork: boolean;
}

export interface CheckRunRef {
  id: number;
  status: "queued" | "in_progress" | "completed" | string;
  conclusion: string | null;
}

/** A connected tracker (with the UI base for run links), or why evidence cannot be read, in reviewer words. */
export type TrackerConnection =
  | { tracker: Tracker; trackingUrl?: string; modelFiles?: ModelFiles }
  | { unavailable: string };

export type StickyResult = "created" | "updated" | "unchanged" | "stale";

/** What the review workflow needs from the outside world; adapters implement it for GitHub. */
export interface ReviewPorts {
  binding: ServerBinding | null;
  readTree(sha: string): Promise<SourceTree>;
  /** `.slipway.yml` of the default branch, or null when absent. */
  readDefaultBranchConfig(): Promise<Uint8Array | null>;
  changedFiles(): Promise<string[]>;
  findCheckRun(headSha: string, name: string): Promise<CheckRunRef | null>;
  /**
   * Issue #20: when the installation's GitHub API budget is too low for a review now, when its window
   * resets (ms since the epoch); null to go on. Asked after the checks were looked up, so it knows the
   * budget as GitHub's last answer left it.
   */
  reviewDeferral?(): number | null;
  /** Puts both checks of the head in the queue, saying the review was deferred until `until`. */
  deferChecks?(headSha: string, until: number): Promise<void>;
  startCheckRun(headSha: string, name: string): Promise<number>;
  finishCheckRun(id: number, output: CheckRunOutput): Promise<void>;
  failCheckRun(id: number, reason: string): Promise<void>;
  /**
   * The tracker bound under `integration` (the default branch's `integrations.tracking`; null when the
   * repo names none). Never throws: a missing binding or bad credentials come back as `unavailable`.
   */
  connectTracker(integration: string | null): Promise<TrackerConnection>;
  /**
   * The datasets integration a Monitor names, as the server binds it: its source and allowed prefixes
   * (never local paths). Never throws: an unbound name or bad credentials come back as `unavailable`.
   */
  datasetSource(integration: string): Promise<DatasetAccess>;
  /**
   * The git repository a DVC dataset names (`.`: this one, where no `rev` means the head under review),
   * as the server may read it; absent where no repository can be read. Never throws.
   */
  dvcRepository?(repo: string, rev: string | null): Promise<RepoFiles | { unavailable: string }>;
  /** The run time of one review: every monitor's current window is chosen relative to it. */
  now(): Date;
  /** The version the last production deploy applied for a model, when deploys are recorded. */
  deployedVersion?(model: string): Promise<string | null>;
  /**
   * A Pipeline's `package.uri` read through what the binding allows (bounded), for its parameter checks;
   * absent: URI packages are not read. Never throws.
   */
  readPipelinePackage?: ReadUriPackage;
  /** Writes the sticky comment unless the pull request has moved past `headSha`. */
  upsertStickyComment(headSha: string, body: string): Promise<StickyResult>;
}
