import { healthCheck } from "../../src/cluster/apply/check-health.ts";
import type { ClusterPort } from "../../src/cluster/cluster-port.ts";
import { waitGone } from "../../src/cluster/wait-gone.ts";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { openSqliteStore, type SqliteStore } from "../../src/state/sqlite-store.ts";
import type {
  CommitOrder,
  CreateDeploymentInput,
  DeployGitHubPort,
  DeploymentStatusValue,
} from "../../src/workflows/deploy/deploy-github-port.ts";
import type { DeployPorts, PullFacts } from "../../src/workflows/deploy/deploy-ports.ts";
import type { ExecutorOptions } from "../../src/workflows/deploy/run-executor.ts";
import { type Harness, startHarness } from "../cluster/cluster-harness.ts";
import { baseFiles, type Scenario, startScenario } from "../evidence/scenario.ts";
import type { FakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { onActivity } from "../helpers/activity.ts";
import { grantOverlay } from "../helpers/overlay-rbac.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";
import { exampleEnvironment } from "../render/render-fixtures.ts";
import type { Manifest } from "./kustomize-build.ts";

/** GitHub's side of a deploy, in memory: a linear history, check conclusions, deployments, comments. */
export class MemoryDeployGitHub implements DeployGitHubPort {
  history: string[] = [];
  conclusions = new Map<string, string>();
  deployments: {
    id: number;
    input: CreateDeploymentInput;
    statuses: { state: DeploymentStatusValue; description: string; environmentUrl?: string }[];
  }[] = [];
  comments: { pr: number; body: string }[] = [];
  merges = new Map<string, number>();

  async createDeployment(input: CreateDeploymentInput) {
    const id = this.deployments.length + 1;
    this.deployments.push({ id, input, statuses: [] });
    return id;
  }
  async setDeploymentStatus(
    id: number,
    state: DeploymentStatusValue,
    input: { description: string; environmentUrl?: string },
  ) {
    this.deployments[id - 1]?.statuses.push({ state, ...input });
  }
  async unfinishedDeployments(sha: string, environment: string) {
    return this.deployments
      .filter((d) => d.input.sha === sha && d.input.environment === environment)
      .filter((d) => ["in_progress", undefined].includes(d.statuses.at(-1)?.state))
      .map((d) => d.id);
  }
  async compareCommits(base: string, head: string): Promise<CommitOrder> {
    const b = this.history.indexOf(base);
    const h = this.history.indexOf(head);
    if (b < 0 || h < 0) return "diverged";
    return h === b ? "identical" : h > b ? "ahead" : "behind";
  }
  async checkConclusion(sha: string) {
    return this.conclusions.get(sha) ?? null;
  }
  async pullsForCommit(sha: string) {
    const pr = this.merges.get(sha);
    return pr === undefined ? [] : [pr];
  }
  async comment(pr: number, body: string) {
    this.comments.push({ pr, body });
  }
  /** Deployments of one environment: `state` of each status in order. */
  statuses(environment: string): string[][] {
    return this.deployments
      .filter((d) => d.input.environment === environment)
      .map((d) => d.statuses.map((s) => s.state));
  }
}

/** The finalizers the controllers of these kinds put on what they manage (Flux's, KServe's). */
export const CONTROLLER_FINALIZERS: Readonly<Record<string, string>> = {
  HelmRelease: "finalizers.fluxcd.io",
  HelmRepository: "finalizers.fluxcd.io",
  InferenceService: "inferenceservice.finalizers",
};

/**
 * What the controllers do, now and after every request any fake answers (an apply, a delete, a health
 * poll among them), so a status is there before the applier's first look can miss it: mark
 * InferenceServices Ready at their generation (or failed to load, as KServe reports it) and Jobs
 * complete, put their finalizers on the kinds they manage (Flux's on HelmReleases and HelmRepositories,
 * KServe's on InferenceServices) and, once such an object is being deleted, clean up and remove their
 * finalizer so it goes — unless `holdDeletions()` says they are still cleaning up.
 */
export function simulateControllers(
  fake: FakeKubernetes,
  options: { failing?: (object: object) => boolean; holdDeletions?: () => boolean } = {},
): () => void {
  const reconcile = () => {
    for (const object of fake.objects()) {
      const finalizer = CONTROLLER_FINALIZERS[object.kind];
      const finalizers = (object.metadata.finalizers as string[] | undefined) ?? [];
      if (finalizer && object.metadata.deletionTimestamp !== undefined) {
        if (finalizers.includes(finalizer) && !options.holdDeletions?.())
          fake.editAs(`${object.kind.toLowerCase()}-controller`, object, (o) => {
            o.metadata.finalizers = finalizers.filter((f) => f !== finalizer);
          });
        continue;
      }
      if (finalizer && !finalizers.includes(finalizer))
        fake.editAs(`${object.kind.toLowerCase()}-controller`, object, (o) => {
          o.metadata.finalizers = [...finalizers, finalizer];
        });
      const generation = (object.metadata as { generation?: number }).generation ?? 1;
      const status = (object as { status?: { observedGeneration?: number } }).status;
      if (object.kind === "InferenceService" && status?.observedGeneration !== generation) {
        // A model that cannot load, as KServe reports it: not Ready, and blocked by the failed load.
        const fails = options.failing?.(object) ?? false;
        fake.setStatus(object, {
          observedGeneration: generation,
          conditions: [
            {
              type: "Ready",
              status: fails ? "False" : "True",
              reason: fails ? "RevisionFailed" : "Ready",
              message: fails ? "model failed to load" : "",
            },
          ],
          ...(fails
            ? {
                modelStatus: {
                  transitionStatus: "BlockedByFailedLoad",
                  lastFailureInfo: { reason: "ModelLoadFailed", message: "model failed to load" },
                },
              }
            : {}),
        });
      }
      if (object.kind === "Job" && !(object as { status?: { succeeded?: number } }).status?.succeeded)
        fake.setStatus(object, { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] });
    }
  };
  reconcile();
  return onActivity(reconcile);
}

export const COMMIT_A = "a1".repeat(20);
export const COMMIT_B = "b2".repeat(20);
export const PR = 41;

export interface DeployHarness {
  ports: DeployPorts;
  github: MemoryDeployGitHub;
  store: SqliteStore;
  clusters: { staging: Harness; production: Harness };
  mlflow: Scenario;
  trees: Map<string, Record<string, string>>;
  options: ExecutorOptions;
  reports: { pr: number | null; text: string }[];
  close(): Promise<void>;
}

/**
 * Two fake clusters (staging, production) reached as Slipway's ServiceAccount under the overlays' RBAC, the seed scenario in a fake MLflow, an in-memory SQLite
 * store and GitHub in memory; commit A is the template at version 6, commit B at version 7 (the merge
 * of pull request 41, whose head passed its gates).
 */
export async function startDeployHarness(
  options: {
    failing?: (object: object) => boolean;
    /** Edits the overlays' RBAC before it is put in the clusters (e.g. a Role that forgot leases). */
    rbac?: (objects: Manifest[]) => Manifest[];
  } = {},
): Promise<DeployHarness> {
  const staging = exampleEnvironment("staging");
  const production = exampleEnvironment("production");
  // Slipway reaches each cluster as its ServiceAccount, under the RBAC its overlay ships.
  const cluster = (name: "staging" | "production", namespaces: readonly string[]) =>
    startHarness({
      namespaces,
      client: { retry: { maxAttempts: 1 } },
      user: (fake) => grantOverlay(fake, name, options.rbac),
    });
  const clusters = {
    staging: await cluster("staging", staging.namespaces),
    production: await cluster("production", production.namespaces),
  };
  const stops = [
    simulateControllers(clusters.staging.fake, options),
    simulateControllers(clusters.production.fake, options),
  ];
  const mlflow = await startScenario();
  const store = openSqliteStore(":memory:", { clock: () => Date.now() });
  const github = new MemoryDeployGitHub();
  github.history = [COMMIT_A, COMMIT_B];
  github.merges.set(COMMIT_B, PR);
  github.conclusions.set("head-of-41", "success");
  const trees = new Map<string, Record<string, string>>([
    [COMMIT_A, await baseFiles()],
    [COMMIT_B, await templateFiles()],
  ]);
  const binding: ServerBinding = {
    repository: "acme/ml-platform",
    environments: { staging, production },
    integrations: {
      mlflow: { type: "mlflow", trackingUri: mlflow.fake.url },
      datalake: { type: "s3", allowedPrefixes: ["s3://acme-datalake/fraud/"] },
      kubeflow: { type: "kfp", endpoint: "https://kubeflow.example/pipeline" },
      "ml-alerts": { type: "slack", token: { env: "SLACK_BOT_TOKEN" } },
    },
  };
  const ports: DeployPorts = {
    repo: "acme/ml-platform",
    store,
    github,
    binding,
    readTree: async (sha) => treeOf(trees.get(sha) ?? {}),
    pull: async (n): Promise<PullFacts | null> =>
      n === PR ? { number: PR, headSha: "head-of-41", author: "alice" } : null,
    cluster: (environment): ClusterPort | null =>
      environment === "staging"
        ? clusters.staging.cluster
        : environment === "production"
          ? clusters.production.cluster
          : null,
    connectTracker: async () => ({ tracker: mlflow.tracker, trackingUrl: mlflow.fake.url }),
    healthCheck: (port) =>
      healthCheck(port, {
        timeoutMs: 2_000,
        pollMs: 20,
        concurrency: 4,
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      }),
    waitGone: (port) =>
      waitGone(port, {
        timeoutMs: 2_000,
        pollMs: 20,
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      }),
    now: () => new Date().toISOString(),
  };
  const reports: { pr: number | null; text: string }[] = [];
  return {
    ports,
    github,
    store,
    clusters,
    mlflow,
    trees,
    reports,
    options: {
      executor: "test-executor",
      branch: "main",
      staleAfterMs: 60_000,
      report: async (pr, text) => {
        reports.push({ pr, text });
      },
    },
    close: async () => {
      for (const stop of stops) stop();
      store.close();
      await clusters.staging.close();
      await clusters.production.close();
      await mlflow.close();
    },
  };
}
