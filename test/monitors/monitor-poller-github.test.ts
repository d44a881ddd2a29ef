import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobCache } from "../../src/github/blob-cache.ts";
import { startMonitorPoller } from "../../src/github/monitor-poller.ts";
import { createSlipwayMetrics, type SlipwayMetrics } from "../../src/metrics/slipway-metrics.ts";
import { type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { templateFiles } from "../helpers/template.ts";
import { BUCKET, record, STAGING_PREFIX } from "./monitor-fixture.ts";
import { pollerConfig, pollerProbot } from "./poller-setup.ts";

// The server's monitor poller over real HTTP: the platform repo's default branch from the fake GitHub,
// run records from s3rver, issues written through the Issues API by the tracking-issue adapter.

const SECRET = "reports-secret-3f9a62c1";
let fake: FakeGitHub;
let s3: S3rverHarness;
let metrics: SlipwayMetrics;
let stop: AbortController;
let lines: string[];

beforeEach(async () => {
  fake = await startFakeGitHub();
  s3 = await startS3rver(BUCKET);
  fake.addRepo({ owner: "acme", name: "ml-platform", files: await templateFiles() });
  metrics = createSlipwayMetrics();
  stop = new AbortController();
  lines = [];
});
afterEach(async () => {
  stop.abort();
  await s3.close();
  await fake.close();
});

const latest = `${STAGING_PREFIX.replace(`s3://${BUCKET}/`, "")}latest.json`;
const issueWrites = () =>
  fake.requests.filter((r) => r.method !== "GET" && r.path.includes("/issues")).length;

describe("the monitor poller of slipway serve", () => {
  it("opens one issue on drift, writes nothing on the same run, updates it, closes it on a clean run", async () => {
    const poller = startMonitorPoller(pollerProbot(fake, lines), {
      serverConfig: pollerConfig(s3.endpoint),
      intervalMs: 0,
      cache: new BlobCache(),
      gauges: metrics,
      env: { R_KEY: "S3RVER", R_SECRET: SECRET },
      stop: stop.signal,
    });
    await s3.put(latest, JSON.stringify(record("2026-11-23T06:00:00.000Z", true)));
    expect(await poller.pollNow()).toMatchObject({ read: 1, faults: 0, issues: { created: 1 } });
    // Production's monitor has not run yet: said once, as information.
    expect(lines.filter((l) => l.startsWith("info monitor has not reported yet"))).toHaveLength(1);
    const [issue] = fake.issues("acme", "ml-platform");
    expect(issue).toMatchObject({
      title: "Monitor fraud-detection-drift in staging: dataset drift",
      state: "open",
    });
    expect(issue?.labels).toEqual(expect.arrayContaining(["slipway", "slipway-monitor", "drift"]));
    expect(issue?.body).toContain("<!-- slipway:issue:monitor:staging:fraud-detection-drift -->");
    const gauge = await metrics.registry.getSingleMetric("slipway_monitor_dataset_drift")?.get();
    expect(gauge?.values).toEqual([
      {
        labels: { repository: "acme/ml-platform", environment: "staging", monitor: "fraud-detection-drift" },
        value: 1,
      },
    ]);

    const writes = issueWrites();
    await poller.pollNow();
    expect(issueWrites()).toBe(writes);

    await s3.put(latest, JSON.stringify(record("2026-11-30T06:00:00.000Z", true)));
    expect((await poller.pollNow())?.issues).toEqual({ updated: 1 });
    expect(fake.issues("acme", "ml-platform")).toHaveLength(1);

    await s3.put(latest, JSON.stringify(record("2026-12-07T06:00:00.000Z", false)));
    expect((await poller.pollNow())?.issues).toEqual({ closed: 1 });
    expect(fake.issues("acme", "ml-platform")[0]?.state).toBe("closed");
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  it("logs a malformed record as a fault and keeps going; nothing is written to GitHub", async () => {
    const poller = startMonitorPoller(pollerProbot(fake, lines), {
      serverConfig: pollerConfig(s3.endpoint),
      intervalMs: 0,
      cache: new BlobCache(),
      gauges: metrics,
      env: { R_KEY: "S3RVER", R_SECRET: SECRET },
      stop: stop.signal,
    });
    await s3.put(latest, "<html>not a record</html>");
    expect(await poller.pollNow()).toMatchObject({ read: 0, faults: 1, issues: {} });
    expect(issueWrites()).toBe(0);
    expect(
      lines.some((l) => l.startsWith("warn monitor report not used") && l.includes("it is not JSON")),
    ).toBe(true);
  });

  it("keeps a repository's series while its default branch's .slipway.yml does not validate", async () => {
    const poller = startMonitorPoller(pollerProbot(fake, lines), {
      serverConfig: pollerConfig(s3.endpoint),
      intervalMs: 0,
      cache: new BlobCache(),
      gauges: metrics,
      env: { R_KEY: "S3RVER", R_SECRET: SECRET },
      stop: stop.signal,
    });
    await s3.put(latest, JSON.stringify(record("2026-11-23T06:00:00.000Z", true)));
    await poller.pollNow();
    const drift = async () =>
      (await metrics.registry.getSingleMetric("slipway_monitor_dataset_drift")?.get())?.values ?? [];
    expect(await drift()).toHaveLength(1);
    fake.commit("acme", "ml-platform", "main", { ".slipway.yml": "version: [not, a, number]\n" });
    expect(await poller.pollNow()).toMatchObject({ read: 0, faults: 1 });
    // The alert keeps firing: a broken configuration is not the monitor going away.
    expect(await drift()).toEqual([
      {
        labels: { repository: "acme/ml-platform", environment: "staging", monitor: "fraud-detection-drift" },
        value: 1,
      },
    ]);
    expect(
      lines.some(
        (l) =>
          l.startsWith("warn monitors not listed") &&
          l.includes("the default branch's .slipway.yml does not validate"),
      ),
    ).toBe(true);
  });
});
