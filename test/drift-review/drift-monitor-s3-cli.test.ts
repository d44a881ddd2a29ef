import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { runCli } from "../helpers/run-cli.ts";
import { TEMPLATE_DIR } from "../helpers/template.ts";
import { seedFraudData } from "./fraud-data.ts";
import { NOW } from "./review-scenario.ts";

// `slipway drift --monitor` on the template's own Monitor, its data in s3rver: through the standard
// AWS chain and AWS_ENDPOINT_URL_S3, or as the server configuration binds it.

const SECRET = "cli-secret-71d3a0f5";
const ARGS = ["drift", "--monitor", "fraud-detection-drift", TEMPLATE_DIR, "--now", NOW.toISOString()];

let s3: S3rverHarness;
let dir: string;
beforeEach(async () => {
  s3 = await startS3rver("acme-datalake");
  dir = mkdtempSync(join(tmpdir(), "slipway-drift-cli-"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});

function serverConfig(allowed: string): string {
  const file = join(dir, "server-config.yaml");
  writeFileSync(
    file,
    `version: 1
bindings:
  - repository: acme/ml-platform
    environments:
      staging: { cluster: {}, namespaces: [ml-serving, mlflow, feast, kubeflow, kserve, monitoring] }
      production: { cluster: {}, namespaces: [ml-serving, mlflow, feast, kubeflow, kserve, seldon-system, monitoring] }
    integrations:
      mlflow: { type: mlflow, trackingUri: "http://127.0.0.1:9" }
      datalake:
        type: s3
        endpoint: "${s3.endpoint}"
        allowedPrefixes: ["${allowed}"]
        accessKeyId: { env: LAKE_KEY }
        secretAccessKey: { env: LAKE_SECRET }
      kubeflow: { type: kfp, endpoint: "https://kubeflow.example/pipeline" }
      ml-alerts: { type: slack, token: { env: SLACK_BOT_TOKEN } }
`,
  );
  return file;
}

const put = (key: string, body: Uint8Array) => s3.put(key, body);

describe("slipway drift --monitor with S3", () => {
  it("reads s3:// through the standard AWS chain and AWS_ENDPOINT_URL_S3", async () => {
    await seedFraudData(put, { at: NOW, from: -9, to: 0 });
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", SECRET);
    const run = await runCli([...ARGS, "--format", "json"], dir, { AWS_ENDPOINT_URL_S3: s3.endpoint });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { current: unknown; reference: unknown };
    expect(report.reference).toEqual({
      path: "s3://acme-datalake/fraud/training/v7/reference.parquet",
      rows: 600,
    });
    expect(report.current).toEqual({ path: "s3://acme-datalake/fraud/scored/", rows: 560 });
  });

  it("reads as the server binds the integration, with the same result", async () => {
    await seedFraudData(put, { at: NOW, from: -9, to: 0, shift: 1 });
    const env = { LAKE_KEY: "S3RVER", LAKE_SECRET: SECRET };
    const bound = await runCli(
      [...ARGS, "--server-config", serverConfig("s3://acme-datalake/fraud/"), "--repo", "acme/ml-platform"],
      dir,
      env,
    );
    expect(bound.stderr).toBe("");
    expect(bound.code).toBe(1);
    expect(bound.stdout).toMatch(/^fraud-detection-drift: FAIL DATASET DRIFT/);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", SECRET);
    const chain = await runCli(ARGS, dir, { AWS_ENDPOINT_URL_S3: s3.endpoint });
    expect(chain.stdout).toBe(bound.stdout);
    expect(`${bound.stdout}${bound.stderr}${chain.stdout}`).not.toContain(SECRET);
  });

  it("refuses, located and before any request, a location the binding does not allow", async () => {
    await s3.forget();
    const run = await runCli([...ARGS, "--server-config", serverConfig("s3://acme-datalake/other/")], dir, {
      LAKE_KEY: "S3RVER",
      LAKE_SECRET: SECRET,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("slipway drift: Monitor fraud-detection-drift does not validate\n");
    expect(run.stderr).toContain(
      "monitors/fraud-detection-drift.yaml:11:11 error SLW127 `reference.path` is outside the prefixes integration `datalake` allows (s3://acme-datalake/other/)",
    );
    expect(await s3.requests()).toEqual([]);
  });

  it("exits 2 naming the integration when a bound credential is missing, never a value", async () => {
    const run = await runCli([...ARGS, "--server-config", serverConfig("s3://acme-datalake/fraud/")], dir, {
      LAKE_KEY: "S3RVER",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "slipway drift: monitor fraud-detection-drift: S3 integration datalake: the secret access key could not be read from environment variable LAKE_SECRET; fix the server configuration\n",
    );
  });

  it("exits 2 when the store cannot be reached", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", SECRET);
    const run = await runCli(ARGS, dir, { AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^slipway drift: monitor fraud-detection-drift: the store could not be reached \(s3:\/\/acme-datalake\/fraud\/training\/v7\/reference\.parquet: cannot reach the S3 endpoint 127\.0\.0\.1:9/,
    );
    expect(run.stderr).not.toContain(SECRET);
  });
});
