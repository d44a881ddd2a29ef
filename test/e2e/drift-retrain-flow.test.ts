import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3RVER_KEY, type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { seedFraudData } from "../drift-review/fraud-data.ts";
import { addCandidate } from "../evidence/scenario.ts";
import type { FakeGitHub } from "../fakes/fake-github.ts";
import type { FakeKfp } from "../fakes/kfp/fake.ts";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployE2E, OWNER, REPO, startDeployE2E, withApprover } from "./deploy-e2e-harness.ts";
import { type MonitorJob, renderedMonitorJob } from "./monitor-job.ts";

const MONITOR = "fraud-detection-drift";
const PIPELINE = "fraud-detection-retrain";
const MODEL_FILE = "models/fraud-detection.yaml";
const PIPELINE_FILE = "pipelines/fraud-detection-retrain.yaml";
const REPORTS_SECRET = "reports-secret-5be0c1d2";
const LAKE_SECRET = "lake-secret-0a9d71c4";
/** The MLflow run KFP's MLflow plugin creates for the retrain: versions come from its task runs. */
const PLUGIN_RUN = "7e1d2c3b4a5968778695a4b3c2d1e0f9";

// Issue #19 end to end through the real `slipway serve`, with fakes speaking the real protocols
// (GitHub, MLflow, Kubeflow Pipelines, Kubernetes) and s3rver: the production monitor Job writes a
// drifting run → the poll starts exactly one retrain → KFP's run succeeds and MLflow holds version 8 →
// one candidate pull request bumps fraud-detection 7 → 8 with its evidence → its review passes the gates
// → merging deploys staging. Then the cooldown (a skip said once), and a failing retrain (a note on the
// monitor issue, no pull request).
describe("end to end: drift → retrain → candidate pull request → deploy", () => {
  let e2e: DeployE2E;
  let github: FakeGitHub;
  let kfp: FakeKfp;
  let s3: S3rverHarness;
  let dir: string;
  let job: MonitorJob;
  let files: Record<string, string>;
  /** The MLflow run that registered version 8. */
  let trained = "";

  beforeAll(async () => {
    s3 = await startS3rver("acme-datalake");
    dir = mkdtempSync(join(tmpdir(), "slipway-loop-e2e-"));
    const template = await templateFiles();
    files = { ...template, ".slipway.yml": withApprover(template[".slipway.yml"] ?? "") };
    e2e = await startDeployE2E(
      {
        SLIPWAY_MONITOR_INTERVAL_SECONDS: "1",
        SLIPWAY_PIPELINE_POLL_INTERVAL_SECONDS: "1",
        SLIPWAY_RECONCILE_INTERVAL_SECONDS: "0",
        REPORTS_KEY: S3RVER_KEY,
        REPORTS_SECRET,
        LAKE_KEY: S3RVER_KEY,
        LAKE_SECRET,
      },
      {
        // The default branch runs version 7 (the template as it is).
        seed: (base) => {
          base[MODEL_FILE] = template[MODEL_FILE] ?? "";
        },
        configure: (yaml) =>
          yaml
            .replace(
              /datalake: \{[^\n]*\}/,
              `datalake: { type: s3, endpoint: "${s3.endpoint}", allowedPrefixes: ["s3://acme-datalake/fraud/"], accessKeyId: { env: LAKE_KEY }, secretAccessKey: { env: LAKE_SECRET } }
      reports: { type: s3, endpoint: "${s3.endpoint}", accessKeyId: { env: REPORTS_KEY }, secretAccessKey: { env: REPORTS_SECRET } }`,
            )
            .concat(`    reports: { integration: reports, prefix: "s3://acme-datalake/slipway-reports/" }\n`),
      },
    );
    ({ github, kfp } = e2e);
    job = await renderedMonitorJob({
      files,
      dir,
      config: e2e.config,
      repository: `${OWNER}/${REPO}`,
      environment: "production",
      monitor: MONITOR,
      secrets: {
        "slipway-integration-datalake": {
          AWS_ACCESS_KEY_ID: S3RVER_KEY,
          AWS_SECRET_ACCESS_KEY: LAKE_SECRET,
          AWS_ENDPOINT_URL_S3: s3.endpoint,
        },
        "slipway-integration-reports": {
          AWS_ACCESS_KEY_ID: S3RVER_KEY,
          AWS_SECRET_ACCESS_KEY: REPORTS_SECRET,
          AWS_ENDPOINT_URL_S3: s3.endpoint,
        },
      },
    });
    // The scored partitions around today drift from the training data.
    await seedFraudData((key, body) => s3.put(key, body), { at: new Date(), from: -10, to: 1, shift: 1 });
  }, 90_000);
  afterAll(async () => {
    expect(await e2e.close()).toBe(0);
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const monitorIssue = () =>
    github.issues(OWNER, REPO).find((i) => i.title.startsWith(`Monitor ${MONITOR} in production`));
  const notes = () => github.comments(OWNER, REPO, monitorIssue()?.number ?? 0).map((c) => c.body);
  const polls = () => e2e.server.output().match(/"msg":"monitor reports polled"/g)?.length ?? 0;
  /** Monitor runs the drift trigger decided on (one log line each). */
  const decided = () => e2e.server.output().match(/"msg":"drift trigger"/g)?.length ?? 0;
  const retrainPulls = () => github.state.pulls.filter((p) => p.headRef.startsWith("slipway/retrain/"));
  /** A counter of the loop on the server's /metrics (0 when the series is absent: counters start at restart). */
  const counter = async (name: string, labels: string) => {
    const text = await (await fetch(`${e2e.server.url}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}} `));
    return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
  };
  const triggers = (outcome: string) =>
    counter("slipway_retrain_triggers_total", `pipeline="${PIPELINE}",outcome="${outcome}"`);
  const ended = (outcome: string) =>
    counter("slipway_triggered_retrains_total", `pipeline="${PIPELINE}",outcome="${outcome}"`);

  it("starts exactly one retrain for the drifting production run, and says so on the monitor issue", async () => {
    expect(await job.run()).toBe(0);
    expect(job.output()).toMatch(new RegExp(`^${MONITOR}: FAIL DATASET DRIFT`));
    await until(() => kfp.runs().length > 0, "the triggered KFP run", 30_000);
    await until(
      () => notes().some((n) => n.includes("<!-- slipway:pipeline-run -->")),
      "the run's line",
      30_000,
    );
    const [run] = kfp.runs();
    expect(run?.description).toContain(`monitor ${MONITOR} in production`);
    expect(run?.plugins_input).toEqual({ mlflow: { experiment_name: "fraud-detection-v2" } });
    const line = notes().find((n) => n.includes("<!-- slipway:pipeline-run -->")) ?? "";
    expect(line).toContain(`started by monitor \`${MONITOR}\` in \`production\``);
    expect(line).toContain(`/#/runs/details/${run?.run_id}`);

    // Later polls read the same record: nothing more starts, nothing more is said.
    const seen = polls();
    await until(() => polls() >= seen + 2, "two more polls", 30_000);
    expect(kfp.runs()).toHaveLength(1);
    expect(await triggers("started")).toBe(1);
    // Nor after a restart, when the record is read by a process that never saw it.
    expect(await e2e.server.stop()).toBe(0);
    await e2e.restart();
    await until(() => polls() >= 2, "two polls after the restart", 30_000);
    await untilIdle(e2e.server);
    expect(kfp.runs()).toHaveLength(1);
    expect(notes().filter((n) => n.includes("<!-- slipway:pipeline-run -->"))).toHaveLength(1);
  }, 120_000);

  it("opens one pull request that bumps fraud-detection 7 → 8 with the evidence of the run that produced it", async () => {
    const [run] = kfp.runs();
    const runId = run?.run_id as string;
    kfp.setRunState(runId, "RUNNING");
    // KFP's MLflow plugin created its parent run; the training task registers version 8 from a nested run.
    const mlflow = e2e.mlflow;
    mlflow.fake.addRun({ runId: PLUGIN_RUN, experimentId: mlflow.experimentId, runName: PIPELINE });
    kfp.linkMlflowRun(runId, {
      runId: PLUGIN_RUN,
      experimentId: mlflow.experimentId,
      runUrl: `${mlflow.fake.url}/#/experiments/${mlflow.experimentId}/runs/${PLUGIN_RUN}`,
    });
    trained = addCandidate(mlflow, { version: 8 });
    mlflow.fake.state.runs.get(trained)?.data.tags.push({ key: "mlflow.parentRunId", value: PLUGIN_RUN });
    kfp.setRunState(runId, "SUCCEEDED");

    await until(() => retrainPulls().length > 0, "the candidate pull request", 30_000);
    await untilIdle(e2e.server);
    const pulls = retrainPulls();
    expect(pulls).toHaveLength(1);
    const pull = pulls[0];
    expect(pull?.headRef).toBe("slipway/retrain/fraud-detection-v8");
    // The shifted data also degrades the classifier: both conditions are the reason.
    expect(pull?.title).toBe(
      "Retrain fraud-detection: version 8 (dataset drift, classification quality below its thresholds in production)",
    );
    const model = github.readFile(OWNER, REPO, pull?.headSha ?? "", MODEL_FILE) ?? "";
    expect(model).toBe(
      (files[MODEL_FILE] ?? "")
        .replace("version: 7", "version: 8")
        .replace("runId: 3f2a9c41d8e04b6f9a7c2e51b0d4f813", `runId: ${trained}`),
    );
    const body = pull?.body ?? "";
    expect(body).toContain(`Monitor \`${MONITOR}\` in \`production\``);
    expect(body).toContain("dataset drift");
    expect(body).toMatch(/Drifted columns, most drifted first: `\w+`/);
    expect(body).toMatch(
      /Classification metrics that failed their tests: `\w+` \d\.\d+ \(reference \d\.\d+, bound /,
    );
    expect(body).toContain(`/#/runs/details/${runId}`);
    expect(body).toContain("found through the MLflow run KFP's MLflow plugin reported");
    expect(body).toContain("✅ The candidate passes its gates");
    expect(notes().some((n) => n.includes(`candidate pull request #${pull?.number}`))).toBe(true);
    // Counted by the server that followed the run up (counters start again with a restart).
    expect(await ended("succeeded")).toBe(1);
    expect(
      await counter("slipway_candidate_pull_requests_total", 'model="fraud-detection",action="opened"'),
    ).toBe(1);
  }, 90_000);

  it("is reviewed like any pull request: slipway/gates succeeds, and merging deploys staging", async () => {
    const pull = retrainPulls()[0];
    const number = pull?.number ?? 0;
    await github.deliver(
      e2e.server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, number, "opened"),
    );
    await until(
      () =>
        github
          .checkRuns(OWNER, REPO, pull?.headSha)
          .some((r) => r.name === "slipway/gates" && r.conclusion === "success"),
      "the candidate's gates",
      30_000,
    );
    // Nothing is deployed before a person merges it.
    expect(github.deployments(OWNER, REPO)).toEqual([]);
    await untilIdle(e2e.server);
    const before = github.branchHead(OWNER, REPO, "main") ?? "";
    const merge = github.mergePullRequest(OWNER, REPO, number);
    await github.deliver(
      e2e.server.webhookUrl,
      "push",
      github.pushEvent(OWNER, REPO, { ref: "main", before, after: merge }),
    );
    await until(
      () =>
        github.deployments(OWNER, REPO, "staging").some((d) => d.statuses.some((s) => s.state === "success")),
      "the staging deploy",
      60_000,
    );
    const served = JSON.stringify(e2e.clusters.staging.objects("InferenceService"));
    expect(served).toContain(`/${trained}/`);
    // GitHub tells the merge too: the monitor issue says the loop reached its merge.
    await github.deliver(
      e2e.server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, number, "closed"),
    );
    await until(() => notes().some((n) => n.startsWith("🚀")), "the merge said on the monitor issue", 30_000);
    expect(notes().find((n) => n.startsWith("🚀"))).toContain(
      `🚀 Candidate pull request #${number} (\`fraud-detection\` version 8) was merged`,
    );
  }, 120_000);

  it("skips a drift within the trigger's cooldown, says so once, and starts nothing", async () => {
    const issue = monitorIssue()?.number ?? 0;
    const skipped = () => notes().filter((n) => n.startsWith("⏭️"));
    for (const round of [1, 2]) {
      const before = decided();
      expect(await job.run()).toBe(0);
      await until(() => decided() > before, `the trigger's decision on drift ${round}`, 30_000);
      await untilIdle(e2e.server);
    }
    expect(kfp.runs()).toHaveLength(1);
    expect(skipped()).toHaveLength(1);
    expect(skipped()[0]).toMatch(/its trigger's cooldown lets the next drift start it from \S+Z\./);
    expect(await triggers("skipped-cooldown")).toBe(2);
    expect(monitorIssue()?.number).toBe(issue);
  }, 120_000);

  it("says a failed retrain on the monitor issue and opens no pull request", async () => {
    // An operator shortens the cooldown on the default branch; the next drift starts the pipeline again.
    const pipeline = github.readFile(OWNER, REPO, "main", PIPELINE_FILE) ?? "";
    github.commit(OWNER, REPO, "main", {
      [PIPELINE_FILE]: pipeline.replace(
        `      monitor: ${MONITOR}\n`,
        `      monitor: ${MONITOR}\n      cooldown: 1s\n`,
      ),
    });
    expect(await job.run()).toBe(0);
    await until(() => kfp.runs().length === 2, "the second retrain", 30_000);
    const second = kfp.runs()[1]?.run_id as string;
    kfp.setRunState(second, "FAILED", {
      task: "train-model",
      message: "OOMKilled: the trainer ran out of memory",
    });
    await until(() => notes().some((n) => n.startsWith("❌")), "the failure note", 30_000);
    const failure = notes().find((n) => n.startsWith("❌")) ?? "";
    expect(failure).toContain(`The retrain \`${PIPELINE}\` failed at task \`train-model\`: OOMKilled`);
    expect(failure).toContain("No candidate pull request was opened");
    await untilIdle(e2e.server);
    expect(retrainPulls()).toHaveLength(1);
    expect(await triggers("started")).toBe(1);
    expect(await ended("failed")).toBe(1);
  }, 120_000);
});
