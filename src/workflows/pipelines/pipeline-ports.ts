import type { ServerBinding } from "../../manifests/schemas/server-config.ts";
import type { SourceTree } from "../../manifests/source-tree.ts";
import type { BoundPipelines } from "../../pipelines/connect-bound-pipelines.ts";
import type { PackageSource } from "../../plan/recurring-runs.ts";
import type { PipelineRecordStore } from "../../state/pipeline-records.ts";

/** A compiled package's bytes, or why they could not be read (in a reader's words). */
export type PackageBytes = { bytes: Uint8Array } | { problem: string };

/** What syncing a repository's Pipelines into Kubeflow Pipelines needs from the outside world. */
export interface PipelineSyncPorts {
  /** `owner/name`. */
  repo: string;
  binding: ServerBinding | null;
  records: PipelineRecordStore;
  /** The repository's tree at a commit. */
  readTree(sha: string): Promise<SourceTree>;
  /** The bound `kfp` integration by name, opened; never throws. */
  connect(integration: string): Promise<BoundPipelines>;
  /**
   * A package's bytes: a file of the tree, or a URI read through what the integration allows (bounded).
   * Never throws.
   */
  readPackage(source: PackageSource, tree: SourceTree, integration: string): Promise<PackageBytes>;
  /** "ahead" when `head` descends from `base` (GitHub's compare). */
  order(base: string, head: string): Promise<"ahead" | "identical" | "behind" | "diverged">;
  /** ISO 8601, from the adapter's clock. */
  now(): string;
}
