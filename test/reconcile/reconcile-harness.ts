import { createSlipwayMetrics, type SlipwayMetrics } from "../../src/metrics/slipway-metrics.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import type { ReconcilePorts } from "../../src/workflows/reconcile/reconcile-pass.ts";
import type {
  TrackingIssue,
  TrackingIssuePort,
  TrackingIssueResult,
} from "../../src/workflows/tracking-issue-port.ts";
import { COMMIT_A, COMMIT_B, type DeployHarness, PR, startDeployHarness } from "../deploy/deploy-harness.ts";
import { parseExposition, type Sample } from "../operations/exposition.ts";

/** A commit after B whose `.slipway.yml` turns self-heal on for staging (same objects as B). */
export const COMMIT_C = "c3".repeat(20);

export interface StoredIssue {
  number: number;
  key: string;
  title: string;
  body: string;
  labels: readonly string[];
  state: "open" | "closed";
  comments: string[];
}

/** The tracking-issue port in memory, with the semantics the GitHub adapter promises: one issue per key. */
export class MemoryTrackingIssues implements TrackingIssuePort {
  issues: StoredIssue[] = [];
  calls: TrackingIssue[] = [];

  async upsert(issue: TrackingIssue): Promise<TrackingIssueResult> {
    this.calls.push(issue);
    const found = this.issues.find((i) => i.key === issue.key);
    const url = (n: number) => `https://github.example/acme/ml-platform/issues/${n}`;
    if (!issue.open) {
      if (!found || found.state === "closed") return { action: "none", number: null, url: null };
      Object.assign(found, { title: issue.title, body: issue.body, state: "closed" });
      if (issue.closingNote) found.comments.push(issue.closingNote);
      return { action: "closed", number: found.number, url: url(found.number) };
    }
    if (!found) {
      const number = this.issues.length + 1;
      this.issues.push({ ...issue, number, state: "open", comments: [] });
      return { action: "created", number, url: url(number) };
    }
    const same = found.state === "open" && found.body === issue.body && found.title === issue.title;
    const action = found.state === "closed" ? "reopened" : same ? "unchanged" : "updated";
    Object.assign(found, { title: issue.title, body: issue.body, labels: issue.labels, state: "open" });
    return { action, number: found.number, url: url(found.number) };
  }

  byKey(key: string): StoredIssue | undefined {
    return this.issues.find((i) => i.key === key);
  }
}

export interface ReconcileHarness extends DeployHarness {
  issues: MemoryTrackingIssues;
  metrics: SlipwayMetrics;
  reconcile: ReconcilePorts;
  /** Samples of one metric, read back from the registry's exposition. */
  samples(name: string): Promise<Sample[]>;
  /** Deploys `commit` to staging through the executor, as a merge would. */
  deployStaging(commit: string): Promise<void>;
  /** The staging InferenceService as stored. */
  isvc(): KubeObject;
}

/** The deploy harness (fake clusters, MLflow, SQLite store), plus issues in memory and a metrics registry. */
export async function startReconcileHarness(
  options: { failing?: (object: object) => boolean } = {},
): Promise<ReconcileHarness> {
  const h = await startDeployHarness(options);
  const files = h.trees.get(COMMIT_B) ?? {};
  h.trees.set(COMMIT_C, {
    ...files,
    ".slipway.yml": (files[".slipway.yml"] ?? "").replace(
      "preMergeApply: true",
      "preMergeApply: true\n    selfHeal: true",
    ),
  });
  h.github.history = [COMMIT_A, COMMIT_B, COMMIT_C];
  const issues = new MemoryTrackingIssues();
  const metrics = createSlipwayMetrics();
  let tick = 0;
  return {
    ...h,
    issues,
    metrics,
    // Each reading moves 250 ms: durations are positive without a wall clock.
    reconcile: { deploy: h.ports, issues, metrics, elapsedMs: () => (tick += 250) },
    samples: async (name) => parseExposition(await metrics.registry.metrics()).filter((s) => s.name === name),
    deployStaging: async (commit) => {
      await h.store.enqueue(
        "staging",
        { kind: "deploy", commit, pr: commit === COMMIT_B ? PR : null },
        "push",
      );
      await drainEnvironment(h.ports, "staging", h.options);
    },
    isvc: () => {
      const found = h.clusters.staging.fake.objects("InferenceService")[0];
      if (!found) throw new Error("no InferenceService in staging");
      return found;
    },
  };
}

/** Requests after the first `from` that write to staging's cluster (dry runs and reads excluded), as `VERB path`. */
export function writesSince(h: DeployHarness, from: number): string[] {
  return h.clusters.staging.fake.requests
    .slice(from)
    .filter((r) => ["patch", "delete", "other"].includes(r.verb) && r.query.dryRun !== "All")
    .map((r) => `${r.method} ${r.path}`);
}
