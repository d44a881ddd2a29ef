import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { labelValue, wordLabel } from "../../src/metrics/label-value.ts";
import { metricsHandler } from "../../src/metrics/metrics-handler.ts";
import { createSlipwayMetrics } from "../../src/metrics/slipway-metrics.ts";
import { parseExposition } from "./exposition.ts";

const scrape = async (metrics: ReturnType<typeof createSlipwayMetrics>) =>
  parseExposition(await metrics.registry.metrics());

describe("Slipway's metrics", () => {
  it("keeps a registry per instance (prom-client's global one would refuse the second)", async () => {
    const a = createSlipwayMetrics();
    const b = createSlipwayMetrics();
    a.recordDeploy("staging", "succeeded");
    expect((await scrape(a)).find((s) => s.name === "slipway_deploys_total")?.value).toBe(1);
    expect((await scrape(b)).find((s) => s.name === "slipway_deploys_total")).toBeUndefined();
  });

  it("replaces a monitor's column scores at each run, dropping columns no longer tested", async () => {
    const metrics = createSlipwayMetrics();
    const run = { repository: "acme/ml", environment: "production", monitor: "fraud-drift" };
    metrics.setDriftScores({
      ...run,
      columns: [
        { column: "amount", stattest: "wasserstein", score: 0.31 },
        { column: "country", stattest: "jensenshannon", score: 0.02 },
      ],
      datasetDrift: true,
      classification: [
        { metric: "rocAuc", sample: "reference", value: 0.99 },
        { metric: "logLoss", sample: "current", value: 0.4 },
      ],
    });
    metrics.setDriftScores({
      ...run,
      columns: [{ column: "amount", stattest: "wasserstein", score: 0.05 }],
      datasetDrift: false,
      driftShare: 0.25,
      qualityFailed: true,
      classification: [{ metric: "rocAuc", sample: "current", value: 0.8 }],
      runAt: 1_764_050_400,
    });
    // Another repository's monitor of the same name in an environment of the same name: its own series.
    metrics.setDriftScores({ ...run, repository: "other/ml", columns: [], datasetDrift: true });
    const samples = await scrape(metrics);
    const scores = samples.filter((s) => s.name === "slipway_drift_score");
    expect(scores).toEqual([
      {
        name: "slipway_drift_score",
        labels: {
          repository: "acme/ml",
          environment: "production",
          monitor: "fraud-drift",
          column: "amount",
          stattest: "wasserstein",
        },
        value: 0.05,
      },
    ]);
    const flag = (name: string, repository = "acme/ml") =>
      samples.find((s) => s.name === name && s.labels.repository === repository)?.value;
    expect(flag("slipway_monitor_dataset_drift")).toBe(0);
    expect(flag("slipway_monitor_dataset_drift", "other/ml")).toBe(1);
    expect(flag("slipway_monitor_quality_failed")).toBe(1);
    expect(flag("slipway_monitor_classification_failed")).toBe(0);
    expect(flag("slipway_monitor_drift_share")).toBe(0.25);
    expect(flag("slipway_monitor_last_run_timestamp_seconds")).toBe(1_764_050_400);
    expect(samples.filter((s) => s.name === "slipway_monitor_classification_metric")).toEqual([
      {
        name: "slipway_monitor_classification_metric",
        labels: { ...run, metric: "roc_auc", sample: "current" },
        value: 0.8,
      },
    ]);
    metrics.removeMonitor("acme/ml", "production", "fraud-drift");
    const left = await scrape(metrics);
    expect(left.filter((s) => s.labels.monitor === "fraud-drift").map((s) => s.labels.repository)).toEqual(
      Array(3).fill("other/ml"),
    );
  });

  it("records reconciles, lock waits, out-of-sync objects and queue depth per environment", async () => {
    const metrics = createSlipwayMetrics();
    metrics.recordReconcile("staging", "drifted", 4.2);
    metrics.observeLockWait("staging", 12);
    metrics.setObjectsOutOfSync("staging", 3);
    metrics.setQueueDepth("staging", 2);
    let depth = 5;
    metrics.watchWebhookQueue(() => depth);
    depth = 7;
    const samples = await scrape(metrics);
    const get = (name: string) => samples.find((s) => s.name === name);
    expect(get("slipway_reconcile_duration_seconds_sum")).toMatchObject({
      labels: { environment: "staging", outcome: "drifted" },
      value: 4.2,
    });
    expect(get("slipway_lock_wait_seconds_count")?.value).toBe(1);
    expect(get("slipway_objects_out_of_sync")?.value).toBe(3);
    expect(get("slipway_queue_depth")?.value).toBe(2);
    expect(get("slipway_webhook_queue_depth")?.value).toBe(7); // read at scrape time
  });

  it("cleans label values: credentials redacted, control characters dropped, request words bounded", async () => {
    expect(labelValue("ghs_16C7e42F292c6912E7710c838347Ae178B4a")).toBe("redacted");
    expect(labelValue("token eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiI0MiJ9.sig")).toBe("redacted");
    expect(labelValue("Bearer abcdefgh12345678")).toBe("redacted");
    expect(labelValue("amount\n# TYPE x counter")).toBe("amount# TYPE x counter");
    expect(labelValue("c".repeat(500))).toHaveLength(128);
    expect(wordLabel("pull_request")).toBe("pull_request");
    expect(wordLabel("Pull Request\n")).toBe("other");
    expect(wordLabel(undefined)).toBe("other");
    const metrics = createSlipwayMetrics();
    metrics.recordDelivery("../../etc", "handled", 0.01);
    metrics.recordGitHubCall("brew", 0);
    metrics.recordGitHubCall("get", 200);
    metrics.setDriftScores({
      environment: "prod",
      monitor: "m",
      columns: [{ column: "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", stattest: "psi", score: Number.NaN }],
      datasetDrift: false,
    });
    const samples = await scrape(metrics);
    expect(samples.find((s) => s.name === "slipway_webhook_deliveries_total")?.labels.event).toBe("other");
    const calls = samples.filter((s) => s.name === "slipway_github_api_requests_total").map((s) => s.labels);
    expect(calls).toEqual([
      { method: "OTHER", status: "0" },
      { method: "GET", status: "200" },
    ]);
    expect(samples.filter((s) => s.name === "slipway_drift_score")).toEqual([]); // NaN is not a score
  });

  it("serves the exposition on GET /metrics only", async () => {
    const metrics = createSlipwayMetrics();
    metrics.recordDeploy("staging", "failed");
    const handler = metricsHandler(metrics.registry);
    const server = createServer(async (req, res) => {
      if (!(await handler(req, res))) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const got = await fetch(`${base}/metrics?x=1`);
      expect(got.status).toBe(200);
      expect(await got.text()).toContain('slipway_deploys_total{environment="staging",outcome="failed"} 1');
      expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
