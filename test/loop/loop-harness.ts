import { BlobCache } from "../../src/github/blob-cache.ts";
import { githubBranchWrites } from "../../src/github/branch-write-github.ts";
import { readTreeFromGitHub } from "../../src/github/read-tree.ts";
import { githubRetrainPulls } from "../../src/github/retrain-pulls-github.ts";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { createSlipwayMetrics, type SlipwayMetrics } from "../../src/metrics/slipway-metrics.ts";
import { connectBoundPipelines } from "../../src/pipelines/connect-bound-pipelines.ts";
import { readPipelinePackage } from "../../src/pipelines/read-package.ts";
import type { MonitorRunFacts } from "../../src/plan/retrain-trigger.ts";
import { memoryPipelineRecords } from "../../src/state/pipeline-records-sqlite.ts";
import { connectBoundTracker } from "../../src/tracker/connect-bound-tracker.ts";
import type { DefaultBranch } from "../../src/workflows/loop/follow-retrains.ts";
import type { LoopPorts } from "../../src/workflows/loop/loop-ports.ts";
import { type Scenario, startScenario } from "../evidence/scenario.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { installationOctokit } from "../fakes/github-client.ts";
import { type FakeKfp, startFakeKfp } from "../fakes/kfp/fake.ts";
import { templateFiles } from "../helpers/template.ts";
import { secretsFrom } from "../pipelines/kfp-fixtures.ts";
import { bindingOn, TOKEN } from "../pipelines/sync-harness.ts";

export const OWNER = "acme";
export const REPO = "ml-platform";
const SA = "system:serviceaccount:ml-platform:slipway";

export interface LoopHarness {
  github: FakeGitHub;
  kfp: FakeKfp;
  mlflow: Scenario;
  ports: LoopPorts;
  metrics: SlipwayMetrics;
  /** The monitor issue the loop writes to. */
  issue: number;
  /** The loop's clock: the wall clock moved on by `advance` (the fakes keep the wall clock). */
  now(): number;
  advance(ms: number): void;
  /** The default branch as the loop reads it (the server validates it the same way). */
  defaultBranch(): Promise<DefaultBranch>;
  /** A production run of the template's monitor at `runAt`, drifting unless told otherwise. */
  monitorRun(runAt: string, overrides?: Partial<MonitorRunFacts>): MonitorRunFacts;
  /** The `/metrics` text. */
  scrape(): Promise<string>;
  /** The loop's log lines: `info|warn message {fields}`. */
  lines: string[];
  comments(): string[];
  close(): Promise<void>;
}

/**
 * The loop's workflows over the fake servers, as `src/server/loop-ports-github.ts` wires them: GitHub
 * (through an installation token; the app's bot is `slipway[bot]`), Kubeflow Pipelines (multi-user, the
 * example binding's `kubeflow`), MLflow (the seed scenario: versions 6 and 7 of `fraud-detection`), and
 * in-memory run records. The template is the default branch.
 */
export async function startLoopHarness(
  options: { binding?: (binding: ServerBinding) => void } = {},
): Promise<LoopHarness> {
  const github = await startFakeGitHub();
  const kfp = await startFakeKfp({
    multiUser: true,
    users: { [SA]: ["ml-platform"] },
    tokens: { [TOKEN]: SA },
    // The fake steps a second per timestamp it writes; a minute behind MLflow's clock, the runs MLflow
    // starts after a KFP run are after it, as with two servers on NTP.
    clock: () => Date.now() - 60_000,
  });
  const mlflow = await startScenario();
  const files = await templateFiles();
  github.addRepo({ owner: OWNER, name: REPO, files });
  const issue = github.addIssue(OWNER, REPO, { title: "Monitor fraud-detection-drift in production" }).number;
  const binding = bindingOn(kfp);
  const tracking = binding.integrations?.mlflow;
  if (tracking?.type !== "mlflow") throw new Error("the example binds no mlflow");
  tracking.trackingUri = mlflow.fake.url;
  delete tracking.token;
  delete tracking.webhookSecret;
  options.binding?.(binding);
  const octokit = installationOctokit(github);
  const repo = { owner: OWNER, repo: REPO };
  const metrics = createSlipwayMetrics();
  const cache = new BlobCache();
  const lines: string[] = [];
  const log = {
    info: (fields: object, message: string) => lines.push(`info ${message} ${JSON.stringify(fields)}`),
    warn: (fields: object, message: string) => lines.push(`warn ${message} ${JSON.stringify(fields)}`),
  };
  const secrets = secretsFrom({ KFP_TOKEN: TOKEN });
  let offset = 0;
  const ports: LoopPorts = {
    repo: `${OWNER}/${REPO}`,
    binding,
    records: memoryPipelineRecords(),
    connect: (name) => connectBoundPipelines(binding, name, {}, secrets, { sleep: async () => undefined }),
    readPackage: (source, tree, integration) =>
      readPipelinePackage(source, tree, integration, { binding, env: {}, readSecret: secrets }),
    now: () => new Date(Date.now() + offset).toISOString(),
    async defaultBranch() {
      const { data } = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
      return { name: "main", head: data.object.sha };
    },
    readTree: (sha) => readTreeFromGitHub(octokit, repo, sha, cache),
    connectTracker: (integration) => connectBoundTracker(binding, integration, {}, secrets),
    async comment(number, body) {
      const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: number, body });
      return data.id;
    },
    branches: githubBranchWrites(octokit, repo),
    pulls: githubRetrainPulls(octokit, repo, async () => "slipway[bot]"),
    log,
    metrics,
  };
  return {
    github,
    kfp,
    mlflow,
    ports,
    metrics,
    issue,
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    async defaultBranch() {
      const { name, head } = await ports.defaultBranch();
      const tree = await ports.readTree(head);
      return { name, head, tree, snapshot: validateRepo(tree, { binding }).snapshot };
    },
    monitorRun: (runAt, overrides = {}) => ({
      monitor: "fraud-detection-drift",
      environment: "production",
      runAt,
      status: { drift: true, qualityFailed: false, classificationFailed: false },
      columns: [
        { name: "avg_amount_30d", drift: true },
        { name: "transaction_count_7d", drift: false },
      ],
      report: `s3://acme-datalake/slipway-reports/production/fraud-detection-drift/${runAt}.html`,
      ...overrides,
    }),
    scrape: () => metrics.registry.metrics(),
    lines,
    comments: () => github.comments(OWNER, REPO, issue).map((c) => c.body),
    async close() {
      await github.close();
      await kfp.close();
      await mlflow.close();
    },
  };
}
