import type { HealthCheck } from "../../cluster/apply/apply-settings.ts";
import type { ClusterPort } from "../../cluster/cluster-port.ts";
import type { GoneWait } from "../../cluster/wait-gone.ts";
import type { BoundLiveMetrics } from "../../live-metrics/connect-bound-live-metrics.ts";
import type { ServerBinding } from "../../manifests/schemas/server-config.ts";
import type { SourceTree } from "../../manifests/source-tree.ts";
import type { EnvironmentBinding } from "../../render/render-context.ts";
import type { EnvironmentStore } from "../../state/environment-store.ts";
import type { TrackerConnection } from "../review-ports.ts";
import type { DeployGitHubPort } from "./deploy-github-port.ts";

/** A pull request as the deploy workflow needs it: whose it is and which head was reviewed. */
export interface PullFacts {
  number: number;
  headSha: string;
  author: string;
}

/** What deploying needs from the outside world; adapters implement it (GitHub + cluster + MLflow + store). */
export interface DeployPorts {
  /** `owner/name` of the platform repository. */
  repo: string;
  store: EnvironmentStore;
  github: DeployGitHubPort;
  binding: ServerBinding | null;
  readTree(sha: string): Promise<SourceTree>;
  pull(number: number): Promise<PullFacts | null>;
  /** The environment's cluster, or null when its binding names none. */
  cluster(environment: string, binding: EnvironmentBinding): ClusterPort | null;
  connectTracker(integration: string | null): Promise<TrackerConnection>;
  /**
   * The Prometheus a rollout's checks query (issue #22): the binding's `prometheus` integration named by
   * `integrations.metrics`. Absent: no metrics source is wired, and a rollout with checks is not started.
   */
  connectLiveMetrics?(integration: string | null): Promise<BoundLiveMetrics>;
  /** Waits for changed objects to be healthy, within the model-load timeout. */
  healthCheck(port: ClusterPort): HealthCheck;
  /**
   * For one apply: waits for objects being deleted (finalizers at work) to go before re-creating them.
   * Absent: such an object fails the apply with the reason, and a later apply re-creates it.
   */
  waitGone?(port: ClusterPort): GoneWait;
  /** ISO 8601, from the adapter's clock. */
  now(): string;
}
