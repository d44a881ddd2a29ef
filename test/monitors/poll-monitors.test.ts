import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReportStore } from "../../src/datasets/s3/report-store.ts";
import { createSlipwayMetrics, type SlipwayMetrics } from "../../src/metrics/slipway-metrics.ts";
import type { MonitorTarget } from "../../src/workflows/monitors/monitor-targets.ts";
import { MonitorPoller } from "../../src/workflows/monitors/poll-monitors.ts";
import { type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { MemoryTrackingIssues } from "./memory-tracking-issues.ts";
import {
  BUCKET,
  readLatestFrom,
  record,
  reportStore,
  reportsBinding,
  STAGING_PREFIX,
  templateTargets,
} from "./monitor-fixture.ts";

// The server's poll of monitor reports: records read from s3rver, gauges in the metrics registry, one
// tracking issue per monitor (in memory, with the adapter's contract).

let s3: S3rverHarness;
let opened: { store: ReportStore; close(): void };
let metrics: SlipwayMetrics;
let issues: MemoryTrackingIssues;
let warnings: { fields: Record<string, unknown>; message: string }[];
let infos: { fields: Record<string, unknown>; message: string }[];
let poller: MonitorPoller;
let targets: MonitorTarget[];

beforeEach(async () => {
  s3 = await startS3rver(BUCKET);
  opened = await reportStore(s3.endpoint);
  metrics = createSlipwayMetrics();
  issues = new MemoryTrackingIssues();
  warnings = [];
  infos = [];
  poller = new MonitorPoller({
    readLatest: readLatestFrom(opened.store),
    issues: () => issues,
    gauges: metrics,
    log: {
      info: (fields, message) => infos.push({ fields: fields as Record<string, unknown>, message }),
      warn: (fields, message) => warnings.push({ fields: fields as Record<string, unknown>, message }),
    },
  });
  targets = await templateTargets(reportsBinding(s3.endpoint));
});
afterEach(async () => {
  opened.close();
  await s3.close();
});

const latestKey = `${STAGING_PREFIX.replace(`s3://${BUCKET}/`, "")}latest.json`;
const put = (value: unknown) => s3.put(latestKey, typeof value === "string" ? value : JSON.stringify(value));
const poll = () => poller.poll([{ repository: "acme/ml-platform", targets }]);
const scrape = async (name: string) => (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];

describe("monitor targets", () => {
  it("are the template's monitor in each environment its model is promoted to, below the bound prefix", () => {
    expect(targets.map((t) => [t.environment, t.monitor, t.prefix])).toEqual([
      [
        "production",
        "fraud-detection-drift",
        "s3://acme-reports/slipway/acme/ml-platform/production/fraud-detection-drift/",
      ],
      ["staging", "fraud-detection-drift", STAGING_PREFIX],
    ]);
  });
});

describe("polling monitor reports", () => {
  it("opens one issue on drift, writes nothing for the same run, updates in place, closes on a clean run", async () => {
    await put(record("2026-11-23T06:00:00.000Z", true));
    const first = await poll();
    expect(first.issues).toEqual({ created: 1 });
    expect(issues.issues).toHaveLength(1);
    const [issue] = issues.issues;
    expect(issue?.key).toBe("monitor:staging:fraud-detection-drift");
    expect(issue?.title).toBe("Monitor fraud-detection-drift in staging: dataset drift");
    expect(issue?.labels).toEqual(["drift", "slipway-monitor"]);
    expect(issue?.body).toContain("run at 2026-11-23T06:00:00.000Z");
    expect(issue?.body).toContain(`\`${STAGING_PREFIX}20261123T060000Z.html\``);
    expect(issue?.body).toContain("| `avg_amount_30d` | ks | 1.2e-9 | 0.05 |");
    expect(issue?.body).not.toContain("is_fraud");

    const writes = issues.writes;
    const again = await poll();
    expect(again.issues).toEqual({});
    expect(issues.writes).toBe(writes);

    await put(record("2026-11-30T06:00:00.000Z", true));
    expect((await poll()).issues).toEqual({ updated: 1 });
    expect(issues.issues).toHaveLength(1);
    expect(issues.issues[0]?.body).toContain("run at 2026-11-30T06:00:00.000Z");

    await put(record("2026-12-07T06:00:00.000Z", false));
    expect((await poll()).issues).toEqual({ closed: 1 });
    expect(issues.issues[0]?.state).toBe("closed");
    expect(issues.issues[0]?.comments[0]).toMatch(/^The run at 2026-12-07T06:00:00.000Z is clean/);
  });

  it("does not announce a run older than the last one handled, nor publish its scores", async () => {
    await put(record("2026-11-30T06:00:00.000Z", false));
    await poll();
    await put(record("2026-11-23T06:00:00.000Z", true));
    expect(await poll()).toMatchObject({ read: 0, issues: {} });
    expect(issues.issues).toEqual([]);
    // The gauges still say what the newest run said: an alert must not fire on a record the issue ignores.
    expect(await scrape("slipway_monitor_dataset_drift")).toEqual([
      {
        labels: { repository: "acme/ml-platform", environment: "staging", monitor: "fraud-detection-drift" },
        value: 0,
      },
    ]);
    expect(
      (await scrape("slipway_drift_score")).find((s) => s.labels.column === "fraud_rate_90d")?.value,
    ).toBe(0.02);
    const staging = warnings.find((w) => w.fields.environment === "staging");
    expect(staging?.message).toBe("monitor report not used");
    expect(staging?.fields.reason).toBe(
      `${STAGING_PREFIX}latest.json: its run at 2026-11-23T06:00:00.000Z is older than the run at 2026-11-30T06:00:00.000Z already handled`,
    );
  });

  it("sets each column's drift score with its stattest and the 0/1 gauges, and removes a monitor that is gone", async () => {
    await put(record("2026-11-23T06:00:00.000Z", true));
    await poll();
    const scores = await scrape("slipway_drift_score");
    expect(scores).toContainEqual({
      labels: {
        repository: "acme/ml-platform",
        environment: "staging",
        monitor: "fraud-detection-drift",
        column: "fraud_rate_90d",
        stattest: "wasserstein",
      },
      value: 0.31,
    });
    expect(scores).toHaveLength(4);
    expect(await scrape("slipway_monitor_dataset_drift")).toEqual([
      {
        labels: { repository: "acme/ml-platform", environment: "staging", monitor: "fraud-detection-drift" },
        value: 1,
      },
    ]);
    expect(await scrape("slipway_monitor_quality_failed")).toEqual([
      {
        labels: { repository: "acme/ml-platform", environment: "staging", monitor: "fraud-detection-drift" },
        value: 0,
      },
    ]);
    expect(await scrape("slipway_monitor_drift_share")).toEqual([
      {
        labels: { repository: "acme/ml-platform", environment: "staging", monitor: "fraud-detection-drift" },
        value: 0.75,
      },
    ]);
    expect(await scrape("slipway_monitor_last_run_timestamp_seconds")).toEqual([
      {
        labels: { repository: "acme/ml-platform", environment: "staging", monitor: "fraud-detection-drift" },
        value: Date.parse("2026-11-23T06:00:00.000Z") / 1000,
      },
    ]);
    await poller.poll([{ repository: "acme/ml-platform", targets: [] }]);
    expect(await scrape("slipway_drift_score")).toEqual([]);
    expect(await scrape("slipway_monitor_dataset_drift")).toEqual([]);
    expect(await scrape("slipway_monitor_last_run_timestamp_seconds")).toEqual([]);
  });

  it("keeps the gauges of a repository whose monitors could not be listed", async () => {
    await put(record("2026-11-23T06:00:00.000Z", true));
    await poll();
    const summary = await poller.poll([{ repository: "acme/ml-platform", fault: "GitHub answered 502" }]);
    expect(summary.faults).toBe(1);
    expect(await scrape("slipway_monitor_dataset_drift")).toHaveLength(1);
  });

  it.each([
    ["not JSON", "{ nope", /latest\.json: it is not JSON/],
    [
      "another schema",
      { kind: "slipway.dev/MonitorRun", version: 2 },
      /latest\.json: it is not a slipway\.dev\/MonitorRun version 1 record/,
    ],
    [
      "another monitor's record",
      record("2026-11-23T06:00:00.000Z", true, { monitor: "other" }),
      /record of monitor other/,
    ],
    [
      "reports outside the prefix",
      record("2026-11-23T06:00:00.000Z", true, {
        report: { json: "s3://elsewhere/x.json", html: "s3://elsewhere/x.html" },
      }),
      /not below the monitor's prefix/,
    ],
    ["an oversized record", `{"pad":"${"x".repeat(1024 * 1024)}"}`, /limit is 1048576 bytes/],
  ])("logs %s as a fault, opens no issue and sets no gauge", async (_, value, reason) => {
    await put(value);
    const summary = await poll();
    expect(summary.faults).toBeGreaterThanOrEqual(1);
    expect(issues.issues).toEqual([]);
    expect(await scrape("slipway_monitor_dataset_drift")).toEqual([]);
    const staging = warnings.find((w) => w.fields.environment === "staging");
    expect(staging?.message).toBe("monitor report not used");
    expect(String(staging?.fields.reason)).toMatch(reason);
  });

  it("says once that a monitor has not reported yet, and logs a store it cannot reach as a fault", async () => {
    const summary = await poll();
    expect(summary).toMatchObject({ read: 0, faults: 0 });
    expect(warnings).toEqual([]);
    const waiting = infos.filter((i) => i.message === "monitor has not reported yet");
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    expect(String(waiting[0]?.fields.at)).toMatch(/^s3:\/\/acme-reports\/.*\/latest\.json$/);
    await poll();
    expect(infos.filter((i) => i.message === "monitor has not reported yet")).toHaveLength(waiting.length);
    await s3.close();
    const down = await poll();
    expect(down.faults).toBe(2);
    expect(warnings[0]?.message).toBe("monitor report not used");
    s3 = await startS3rver(BUCKET);
  });

  it("opens no issue for a monitor whose alerts are only Slack, but still sets its gauges", async () => {
    targets = await templateTargets(reportsBinding(s3.endpoint), (files) => {
      const file = "monitors/fraud-detection-drift.yaml";
      files[file] = (files[file] ?? "").replace(/\n {4}- \{ type: github-issue[^\n]*/, "");
    });
    await put(record("2026-11-23T06:00:00.000Z", true));
    expect((await poll()).issues).toEqual({});
    expect(issues.writes).toBe(0);
    expect(await scrape("slipway_monitor_dataset_drift")).toHaveLength(1);
  });
});
