import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { S3RVER_KEY, type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { seedFraudData } from "../drift-review/fraud-data.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { runCli } from "../helpers/run-cli.ts";
import { type RunningServer, startSlipwayServer, until } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

const OWNER = "acme";
const REPO = "ml-platform";
const MONITOR = "fraud-detection-drift";
const BIN = new URL("../../bin/slipway.js", import.meta.url).pathname;
/** The reports integration's secret key: the server reads with it, the Job writes with it. */
const REPORTS_SECRET = "reports-secret-8d41c0e7";
const LAKE_SECRET = "lake-secret-61f0a9b3";
const PREFIX = `s3://acme-datalake/slipway-reports/${OWNER}/${REPO}/staging/${MONITOR}/`;

interface Container {
  args: string[];
  env?: { name: string; value: string }[];
  envFrom?: { prefix?: string; secretRef: { name: string } }[];
  volumeMounts: { name: string; mountPath: string }[];
}

// Issue #10, item 3, end to end: the real `slipway serve` binds the template repository with `reports`
// in an s3rver bucket; the staging CronJob rendered from the repository is run as the cluster would run
// it (its args, its env, the Secrets the operator creates, the ConfigMap's file at its mount path);
// the server's poll turns its run record into one issue and into the gauges of /metrics.
describe("end to end: a scheduled monitor in production", () => {
  let github: FakeGitHub;
  let server: RunningServer;
  let s3: S3rverHarness;
  let dir: string;
  let config: string;
  let job: Container;
  let jobOutput = "";

  beforeAll(async () => {
    s3 = await startS3rver("acme-datalake");
    dir = mkdtempSync(join(tmpdir(), "slipway-monitor-e2e-"));
    config = join(dir, "server-config.yaml");
    writeFileSync(
      config,
      `version: 1
bindings:
  - repository: ${OWNER}/${REPO}
    environments:
      staging: { cluster: {}, namespaces: [ml-serving, mlflow, feast, kubeflow, kserve, monitoring] }
      production: { cluster: {}, namespaces: [ml-serving, mlflow, feast, kubeflow, kserve, seldon-system, monitoring], production: true }
    integrations:
      mlflow: { type: mlflow, trackingUri: "http://127.0.0.1:9" }
      datalake: { type: s3, endpoint: "${s3.endpoint}", allowedPrefixes: ["s3://acme-datalake/fraud/"], accessKeyId: { env: LAKE_KEY }, secretAccessKey: { env: LAKE_SECRET } }
      reports: { type: s3, endpoint: "${s3.endpoint}", accessKeyId: { env: REPORTS_KEY }, secretAccessKey: { env: REPORTS_SECRET } }
      kubeflow: { type: kfp, endpoint: "https://kubeflow.example/pipeline" }
      ml-alerts: { type: slack, token: { env: SLACK_BOT_TOKEN } }
    reports: { integration: reports, prefix: "s3://acme-datalake/slipway-reports/" }
`,
    );
    const files = await templateFiles();
    const checkout = join(dir, "checkout");
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(checkout, path)), { recursive: true });
      writeFileSync(join(checkout, path), text);
    }
    job = await renderedMonitorJob(checkout);
    github = await startFakeGitHub();
    github.addRepo({ owner: OWNER, name: REPO, files });
    server = await startSlipwayServer(github, {
      SLIPWAY_SERVER_CONFIG: config,
      SLIPWAY_MONITOR_INTERVAL_SECONDS: "1",
      SLIPWAY_RECONCILE_INTERVAL_SECONDS: "0",
      REPORTS_KEY: S3RVER_KEY,
      REPORTS_SECRET,
      LAKE_KEY: S3RVER_KEY,
      LAKE_SECRET,
    });
  }, 60_000);
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await github.close();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `slipway render` of the checkout for staging, as the server configuration binds it: the CronJob's container. */
  async function renderedMonitorJob(checkout: string): Promise<Container> {
    const rendered = await runCli(
      ["render", checkout, "--env", "staging", "--server-config", config, "--repo", `${OWNER}/${REPO}`],
      dir,
    );
    expect(rendered.code).toBe(0);
    const objects = parseAllDocuments(rendered.stdout).map((d) => d.toJS()) as {
      kind: string;
      metadata: { name: string };
      data?: Record<string, string>;
      spec?: { jobTemplate: { spec: { template: { spec: { containers: Container[] } } } } };
    }[];
    const cron = objects.find(
      (o) => o.kind === "CronJob" && o.metadata.name === `slipway-monitor-${MONITOR}`,
    );
    const container = cron?.spec?.jobTemplate.spec.template.spec.containers[0];
    if (!container) throw new Error("the rendered staging objects hold no monitor CronJob");
    const mount = container.volumeMounts.find((m) => m.name === "monitor")?.mountPath ?? "";
    const configMap = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name === `slipway-monitor-${MONITOR}`,
    );
    const jobDir = join(dir, "job");
    mkdirSync(jobDir, { recursive: true });
    // The ConfigMap's keys as the volume mounts them: each one a file below the mount path.
    for (const [key, text] of Object.entries(configMap?.data ?? {})) writeFileSync(join(jobDir, key), text);
    return {
      ...container,
      args: container.args.map((a) =>
        a.startsWith(`${mount}/`) ? join(jobDir, a.slice(mount.length + 1)) : a,
      ),
    };
  }

  /** The Secrets `slipway-integration-<name>` as the operator creates them, pointing at s3rver. */
  const secrets: Record<string, Record<string, string>> = {
    "slipway-integration-datalake": {
      AWS_ACCESS_KEY_ID: S3RVER_KEY,
      AWS_SECRET_ACCESS_KEY: LAKE_SECRET,
      AWS_ENDPOINT_URL_S3: "",
    },
    "slipway-integration-reports": {
      AWS_ACCESS_KEY_ID: S3RVER_KEY,
      AWS_SECRET_ACCESS_KEY: REPORTS_SECRET,
      AWS_ENDPOINT_URL_S3: "",
    },
  };

  /** Runs the Job's container: `bin/slipway.js` with its args, the env kubelet gives it (env, then envFrom). */
  async function runJob(args = job.args): Promise<number | null> {
    const env: Record<string, string> = { HOME: dir };
    for (const from of job.envFrom ?? []) {
      const data = secrets[from.secretRef.name];
      if (!data) throw new Error(`the Job needs a Secret nobody created: ${from.secretRef.name}`);
      for (const [key, value] of Object.entries(data))
        env[`${from.prefix ?? ""}${key}`] = key === "AWS_ENDPOINT_URL_S3" ? s3.endpoint : value;
    }
    for (const { name, value } of job.env ?? []) env[name] = value;
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => {
      jobOutput += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      jobOutput += chunk.toString();
    });
    const [code] = (await once(child, "exit")) as [number | null];
    return code;
  }

  const issues = () => github.issues(OWNER, REPO);
  const polls = () => server.output().match(/"msg":"monitor reports polled"/g)?.length ?? 0;
  const issueRequests = () => github.requests.filter((r) => r.path.includes("/issues")).length;
  /** Writes to the repository (installation tokens may be refreshed at any time). */
  const gitHubWrites = () =>
    github.requests.filter((r) => r.method !== "GET" && r.path.startsWith("/repos/")).length;
  const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
  const series = (text: string, name: string) => text.split("\n").filter((l) => l.startsWith(`${name}{`));

  it("renders a Job that writes below the binding's prefix with the reports Secret prefixed", () => {
    expect(job.args).toEqual([
      "drift",
      "--monitor-file",
      join(dir, "job", "monitor.json"),
      "--exit-zero-on-findings",
      "--report-to",
      PREFIX,
    ]);
    expect(job.envFrom).toEqual([
      { secretRef: { name: "slipway-integration-datalake" } },
      { prefix: "SLIPWAY_REPORT_", secretRef: { name: "slipway-integration-reports" } },
    ]);
    expect(job.env).toEqual([{ name: "SLIPWAY_ENVIRONMENT", value: "staging" }]);
  });

  it("opens one issue for a run that drifts, and publishes its scores on /metrics", async () => {
    // The Job runs on the real clock: partitions around today, the current ones shifted.
    await seedFraudData((key, body) => s3.put(key, body), { at: new Date(), from: -10, to: 1, shift: 1 });
    // A drifting run is a finding the report carries, not a failed Job (no retry, no JobFailed alert).
    expect(await runJob()).toBe(0);
    expect(jobOutput).toMatch(new RegExp(`^${MONITOR}: FAIL DATASET DRIFT`));
    expect(jobOutput).toContain(`and ${PREFIX}latest.json`);

    await until(() => issues().length > 0, "the monitor issue", 30_000);
    await until(
      () => /"msg":"monitor reports polled"/.test(server.output()) && /"created":1/.test(server.output()),
      "the poll's summary",
    );
    const [issue] = issues();
    expect(issues()).toHaveLength(1);
    expect(issue).toMatchObject({
      title: `Monitor ${MONITOR} in staging: dataset drift, classification quality below its thresholds (log loss, FPR)`,
      state: "open",
    });
    expect(issue?.labels).toEqual(expect.arrayContaining(["slipway-monitor", "drift"]));
    const body = issue?.body ?? "";
    expect(body).toContain(`<!-- slipway:issue:monitor:staging:${MONITOR} -->`);
    expect(body).toContain("dataset drift: yes (6 of 6 columns drifted");
    const stamp = /(\d{8}T\d{6}Z)\.json/.exec(body)?.[1] ?? "";
    expect(stamp).not.toBe("");
    expect(body).toContain(`- Report: \`${PREFIX}${stamp}.html\` (HTML), \`${PREFIX}${stamp}.json\` (JSON)`);
    expect(body).toContain("| `avg_amount_30d` |");

    const metrics = await scrape();
    expect(series(metrics, "slipway_monitor_dataset_drift")).toEqual([
      `slipway_monitor_dataset_drift{repository="${OWNER}/${REPO}",environment="staging",monitor="${MONITOR}"} 1`,
    ]);
    const scores = series(metrics, "slipway_drift_score");
    expect(scores.map((l) => /column="([^"]+)"/.exec(l)?.[1]).sort()).toEqual([
      "avg_amount_30d",
      "fraud_rate_90d",
      "fraud_score",
      "is_fraud",
      "predicted_fraud",
      "transaction_count_7d",
    ]);
    for (const line of scores) expect(line).toContain(`monitor="${MONITOR}"`);
  }, 90_000);

  it("writes nothing to GitHub at a poll that finds no new run", async () => {
    const seen = polls();
    const writes = gitHubWrites();
    const issueCalls = issueRequests();
    await until(() => polls() >= seen + 2, "two more polls", 30_000);
    expect(gitHubWrites()).toBe(writes);
    expect(issueRequests()).toBe(issueCalls);
    expect(issues()).toHaveLength(1);
    // The default branch is read through the git mirror: no poll downloads a file through the API.
    expect(github.requestsTo("GET /repos/{owner}/{repo}/git/blobs/{file_sha}")).toEqual([]);
    expect(github.requestsTo("GET /repos/{owner}/{repo}/git/trees/{tree_sha}")).toEqual([]);
    expect(github.requests.some((r) => r.path.endsWith(".git/git-upload-pack"))).toBe(true);
  }, 60_000);

  it("closes the issue with a note and sets the gauge to 0 after a clean run", async () => {
    await seedFraudData((key, body) => s3.put(key, body), { at: new Date(), from: -10, to: 1 });
    jobOutput = "";
    expect(await runJob()).toBe(0);
    expect(jobOutput).toMatch(new RegExp(`^${MONITOR}: PASS`));
    await until(() => issues()[0]?.state === "closed", "the issue closed", 30_000);
    expect(issues()).toHaveLength(1);
    const [issue] = issues();
    expect(issue?.title).toBe(`Monitor ${MONITOR} in staging: clean`);
    const notes = github.comments(OWNER, REPO, issue?.number ?? 0).map((c) => c.body);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^The run at \S+ is clean \(verdict `pass`, 0 of 6 columns drifted\)\. Report: `s3:\/\/acme-datalake\/slipway-reports\/acme\/ml-platform\/staging\/fraud-detection-drift\/\d{8}T\d{6}Z\.html`\./,
    );
    const metrics = await scrape();
    expect(series(metrics, "slipway_monitor_dataset_drift")).toEqual([
      `slipway_monitor_dataset_drift{repository="${OWNER}/${REPO}",environment="staging",monitor="${MONITOR}"} 0`,
    ]);
  }, 90_000);

  it("a model gone bad with unchanged features: exits 1 by hand, and its Job reopens the issue naming each failed metric", async () => {
    await seedFraudData((key, body) => s3.put(key, body), { at: new Date(), from: -10, to: 1, degrade: 1 });
    // By hand (the Job's command without --exit-zero-on-findings and without writing a report).
    jobOutput = "";
    const byHand = job.args.slice(0, 3);
    expect(byHand).toEqual(["drift", "--monitor-file", join(dir, "job", "monitor.json")]);
    expect(await runJob(byHand)).toBe(1);
    expect(jobOutput).toMatch(new RegExp(`^${MONITOR}: FAIL no dataset drift`));
    expect(jobOutput).toMatch(
      /error +classification: precision 0\.3206 → 0\.\d+ \(−[\d.]+%\) fails ≥ 0\.2565 \(reference 0\.3206 − 20%\)/,
    );
    expect(jobOutput).toMatch(
      /warning drift: prediction drift: positive rate 21\.8% → [\d.]+% in 'predicted_fraud'/,
    );

    jobOutput = "";
    expect(await runJob()).toBe(0);
    await until(() => issues()[0]?.state === "open", "the issue reopened", 30_000);
    expect(issues()).toHaveLength(1);
    const [issue] = issues();
    expect(issue?.title).toMatch(
      new RegExp(
        `^Monitor ${MONITOR} in staging: classification quality below its thresholds \\((.+, )?precision(, .+)?\\)$`,
      ),
    );
    const body = issue?.body ?? "";
    expect(body).toContain("dataset drift: no");
    expect(body).toContain("classification failed: yes");
    expect(body).toContain("| classification metric | test | reference | current | bound |");
    expect(body).toMatch(
      /\| precision \| \*\*failed\*\* \| 0\.3206 \| 0\.\d+ \| ≥ 0\.2565 \(reference 0\.3206 − 20%\) \|/,
    );
    expect(body).toMatch(
      /\*\*Prediction drift\.\*\* prediction drift: positive rate 21\.8% → [\d.]+% in 'predicted_fraud'/,
    );
    const metrics = await scrape();
    expect(series(metrics, "slipway_monitor_classification_failed")).toEqual([
      `slipway_monitor_classification_failed{repository="${OWNER}/${REPO}",environment="staging",monitor="${MONITOR}"} 1`,
    ]);
  }, 90_000);

  it("closes the issue again after a clean run", async () => {
    await seedFraudData((key, body) => s3.put(key, body), { at: new Date(), from: -10, to: 1 });
    jobOutput = "";
    expect(await runJob()).toBe(0);
    expect(jobOutput).toMatch(new RegExp(`^${MONITOR}: PASS`));
    await until(() => issues()[0]?.state === "closed", "the issue closed again", 30_000);
    expect(issues()[0]?.title).toBe(`Monitor ${MONITOR} in staging: clean`);
    const metrics = await scrape();
    expect(series(metrics, "slipway_monitor_classification_failed")).toEqual([
      `slipway_monitor_classification_failed{repository="${OWNER}/${REPO}",environment="staging",monitor="${MONITOR}"} 0`,
    ]);
  }, 90_000);

  it("shows no secret in the server's or the Job's output", () => {
    const tokens = [...github.state.tokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    const output = server.output();
    for (const secret of [
      REPORTS_SECRET,
      LAKE_SECRET,
      github.privateKeyPem.split("\n")[1] ?? "",
      ...tokens,
    ]) {
      expect(secret).not.toBe("");
      expect(output).not.toContain(secret);
      expect(jobOutput).not.toContain(secret);
    }
  });
});
