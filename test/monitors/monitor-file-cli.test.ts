import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { MONITOR_FILE, MONITOR_MOUNT } from "../../src/render/render-monitor.ts";
import { parseRunRecord } from "../../src/workflows/monitors/monitor-run-record.ts";
import { S3RVER_KEY, type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { seedFraudData } from "../drift-review/fraud-data.ts";
import { NOW } from "../drift-review/review-scenario.ts";
import { runCli } from "../helpers/run-cli.ts";
import { exampleEnvironment, renderTemplate } from "../render/render-fixtures.ts";

// The monitor Job's own command line, as rendered: `slipway drift --monitor-file FILE --report-to
// PREFIX` on the definition its ConfigMap mounts, the data and the reports in s3rver.

const SECRET = "report-secret-5be1c2d9";
const PREFIX = "s3://acme-datalake/slipway-reports/acme/ml-platform/staging/";

let s3: S3rverHarness;
let dir: string;
let reader: S3Client;
beforeEach(async () => {
  s3 = await startS3rver("acme-datalake");
  dir = mkdtempSync(join(tmpdir(), "slipway-monitor-file-"));
  reader = new S3Client({
    endpoint: s3.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
  });
  vi.stubEnv("AWS_ACCESS_KEY_ID", S3RVER_KEY);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", S3RVER_KEY);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  reader.destroy();
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});

async function text(uri: string): Promise<string> {
  const key = uri.slice("s3://acme-datalake/".length);
  const out = await reader.send(new GetObjectCommand({ Bucket: "acme-datalake", Key: key }));
  return (await out.Body?.transformToString("utf8")) ?? "";
}

/** The staging CronJob's args and its ConfigMap's monitor.json, written where the args point. */
async function renderedJob(): Promise<{ args: string[]; env: Record<string, unknown>[] }> {
  const binding = {
    ...exampleEnvironment("staging"),
    monitorReports: { integration: "reports", prefix: PREFIX },
  };
  const { objects } = await renderTemplate(() => {}, { binding });
  const configMap = objects.find(
    (o) => o.kind === "ConfigMap" && o.metadata.name === "slipway-monitor-fraud-detection-drift",
  );
  const data = (configMap as KubeObject & { data: Record<string, string> }).data[MONITOR_FILE];
  writeFileSync(join(dir, MONITOR_FILE), data ?? "");
  const cron = objects.find(
    (o) => o.kind === "CronJob" && o.metadata.name === "slipway-monitor-fraud-detection-drift",
  ) as KubeObject & {
    spec: {
      jobTemplate: {
        spec: {
          template: { spec: { containers: { args: string[]; envFrom: Record<string, unknown>[] }[] } };
        };
      };
    };
  };
  const container = cron.spec.jobTemplate.spec.template.spec.containers[0];
  if (!container) throw new Error("no container");
  const args = container.args.map((a) => (a === `${MONITOR_MOUNT}/${MONITOR_FILE}` ? MONITOR_FILE : a));
  return { args, env: container.envFrom };
}

describe("slipway drift --monitor-file --report-to", () => {
  it("runs the rendered Job's command and writes the JSON, the HTML and latest.json last", async () => {
    await seedFraudData((key, body) => s3.put(key, body), { at: NOW, from: -9, to: 0, shift: 1 });
    const { args, env } = await renderedJob();
    expect(args).toEqual([
      "drift",
      "--monitor-file",
      MONITOR_FILE,
      "--exit-zero-on-findings",
      "--report-to",
      `${PREFIX}fraud-detection-drift/`,
    ]);
    expect(env).toContainEqual({
      prefix: "SLIPWAY_REPORT_",
      secretRef: { name: "slipway-integration-reports" },
    });
    await s3.forget();
    const run = await runCli([...args, "--now", NOW.toISOString()], dir, {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      SLIPWAY_ENVIRONMENT: "staging",
      SLIPWAY_REPORT_AWS_ACCESS_KEY_ID: S3RVER_KEY,
      SLIPWAY_REPORT_AWS_SECRET_ACCESS_KEY: SECRET,
      SLIPWAY_REPORT_AWS_ENDPOINT_URL_S3: s3.endpoint,
    });
    expect(run.stderr).toBe("");
    // The Job succeeds with drift found: the report carries the finding (no retry, no JobFailed alert).
    expect(run.code).toBe(0);
    const base = `${PREFIX}fraud-detection-drift/20261125T060000Z`;
    expect(run.stdout).toMatch(/^fraud-detection-drift: FAIL DATASET DRIFT/);
    expect(run.stdout).toContain(
      `report written to ${base}.json, ${base}.html and ${PREFIX}fraud-detection-drift/latest.json`,
    );
    const puts = (await s3.requests()).filter((r) => r.method === "PUT").map((r) => r.path.split("?")[0]);
    expect(puts).toEqual([
      "/acme-datalake/slipway-reports/acme/ml-platform/staging/fraud-detection-drift/20261125T060000Z.json",
      "/acme-datalake/slipway-reports/acme/ml-platform/staging/fraud-detection-drift/20261125T060000Z.html",
      "/acme-datalake/slipway-reports/acme/ml-platform/staging/fraud-detection-drift/latest.json",
    ]);
    const report = JSON.parse(await text(`${base}.json`)) as {
      kind: string;
      monitor: string;
      status: { drift: boolean };
    };
    expect(report).toMatchObject({ kind: "slipway.dev/MonitorReport", monitor: "fraud-detection-drift" });
    expect(report.status.drift).toBe(true);
    expect(await text(`${base}.html`)).toContain("fraud-detection-drift");
    const latest = parseRunRecord(
      new TextEncoder().encode(await text(`${PREFIX}fraud-detection-drift/latest.json`)),
    );
    if (!latest.ok) throw new Error(latest.problem);
    expect(latest.record).toMatchObject({
      monitor: "fraud-detection-drift",
      environment: "staging",
      runAt: NOW.toISOString(),
      report: { json: `${base}.json`, html: `${base}.html` },
      status: { drift: true },
    });
    expect(latest.record.columns[0]?.drift).toBe(true);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    // Run by hand, without the Job's flag, the same drift exits 1 as every drift command does.
    const byHand = args.filter((a) => a !== "--exit-zero-on-findings");
    const again = await runCli([...byHand, "--now", NOW.toISOString()], dir, {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      SLIPWAY_ENVIRONMENT: "staging",
      SLIPWAY_REPORT_AWS_ACCESS_KEY_ID: S3RVER_KEY,
      SLIPWAY_REPORT_AWS_SECRET_ACCESS_KEY: SECRET,
      SLIPWAY_REPORT_AWS_ENDPOINT_URL_S3: s3.endpoint,
    });
    expect(again.code).toBe(1);
  });

  it("says which Monitor field is wrong in the mounted definition, and exits 1", async () => {
    writeFileSync(
      join(dir, "monitor.json"),
      JSON.stringify(
        {
          apiVersion: "slipway.dev/v1alpha1",
          kind: "Monitor",
          metadata: { name: "m" },
          spec: { model: "x" },
        },
        null,
        2,
      ),
    );
    const run = await runCli(["drift", "--monitor-file", "monitor.json"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^slipway drift: monitor\.json:\d+:\d+ error SLW\d+ /);
    expect(run.stderr).toContain("reference");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a --report-to that is not an S3 prefix, and a missing file, without a stack trace", async () => {
    const bad = await runCli(["drift", "--monitor-file", "monitor.json", "--report-to", "/tmp/x"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--report-to takes an S3 prefix");
    const missing = await runCli(["drift", "--monitor-file", "nothing.json"], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("slipway drift: cannot read nothing.json: no such file\n");
  });

  it("reports a store that refuses the write as an I/O error naming the object, not the secret", async () => {
    await seedFraudData((key, body) => s3.put(key, body), { at: NOW, from: -9, to: 0 });
    const { args } = await renderedJob();
    const run = await runCli(
      [...args.slice(0, 5), "s3://no-such-bucket/r/", "--now", NOW.toISOString()],
      dir,
      {
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        SLIPWAY_REPORT_AWS_ACCESS_KEY_ID: S3RVER_KEY,
        SLIPWAY_REPORT_AWS_SECRET_ACCESS_KEY: SECRET,
        SLIPWAY_REPORT_AWS_ENDPOINT_URL_S3: s3.endpoint,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^slipway drift: monitor fraud-detection-drift: the report was not written: s3:\/\/no-such-bucket\/r\/\d{8}T\d{6}Z\.json: no such bucket/,
    );
    expect(run.stderr).not.toContain(SECRET);
  });
});
