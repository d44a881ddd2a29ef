import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewPullRequest } from "../../src/workflows/review-pull-request.ts";
import { dayOf, seedFraudData } from "./fraud-data.ts";
import {
  bindingFor,
  MODEL_FILE,
  MONITOR_FILE,
  NOW,
  type ReviewScenario,
  SECRET,
  startReviewScenario,
  TARGET,
} from "./review-scenario.ts";

// Issue 6: a pull request that changes a Monitor, or the Model it watches, gets a drift section in the
// sticky comment: the reference against the latest current window, read from S3 (s3rver) through the
// bound integration, at the run time the ports give.

const THRESHOLD: [string, string] = ["threshold: 0.15", "threshold: 0.2"];
const WINDOW = Array.from({ length: 7 }, (_, i) => dayOf(NOW, i - 7));

let scenario: ReviewScenario;
beforeEach(async () => {
  scenario = await startReviewScenario();
  await scenario.bind(bindingFor(scenario.s3.endpoint));
});
afterEach(async () => {
  await scenario.close();
});

const put = (key: string, body: Uint8Array) => scenario.s3.put(key, body);
const comment = () => scenario.ports.comment?.body ?? "";

describe("the drift section of a review", () => {
  it("reads the reference and the seven whole days before now, and nothing else", async () => {
    await seedFraudData(put, { at: NOW, from: -10, to: 1 });
    scenario.head({ [MONITOR_FILE]: [THRESHOLD] });
    await scenario.s3.forget();
    const outcome = await reviewPullRequest(TARGET, scenario.ports);
    expect(outcome).toEqual({
      kind: "reviewed",
      conclusion: "success",
      gates: "success",
      comment: "created",
    });
    const body = comment();
    expect(body).toContain("### Drift · `fraud-detection-drift`");
    expect(body).toContain("✅ **No dataset drift** — 0 of 6 tested columns drifted");
    expect(body).toContain(
      "Reference `s3://acme-datalake/fraud/training/v7/reference.parquet` (600 rows) · current `s3://acme-datalake/fraud/scored/` (560 rows)",
    );
    expect(body).toContain("Current window: `dt=2026-11-18` … `dt=2026-11-24` (7 partitions).");
    expect(body).toContain("Refresh with `/slipway drift fraud-detection-drift`");
    expect(body).toContain("`/slipway drift`");
    const gets = (await scenario.s3.requests())
      .filter((r) => r.path.includes("GetObject"))
      .map((r) => r.path);
    expect(gets).toEqual([
      "/acme-datalake/fraud/training/v7/reference.parquet?x-id=GetObject",
      ...WINDOW.map((d) => `/acme-datalake/fraud/scored/dt=${d}/part-0.parquet?x-id=GetObject`),
    ]);
    expect(scenario.closed.count).toBe(1);
  });

  it("reports dataset drift as evidence: the checks do not fail for it", async () => {
    await seedFraudData(put, { at: NOW, from: -8, to: 0, shift: 1 });
    scenario.head({ [MONITOR_FILE]: [THRESHOLD] });
    const outcome = await reviewPullRequest(TARGET, scenario.ports);
    expect(outcome).toMatchObject({ kind: "reviewed", conclusion: "success", gates: "success" });
    const body = comment();
    expect(body).toMatch(/❌ \*\*Dataset drift\*\* — [3-6] of 6 tested columns drifted/);
    expect(body).toContain("drift: column 'avg_amount_30d' drifted");
    expect(body).toContain("**Classification**");
    expect(body).not.toContain(SECRET);
  });

  it("computes the monitors of a changed Model, and none for an unchanged one", async () => {
    await seedFraudData(put, { at: NOW, from: -7, to: -1 });
    scenario.head({ [MODEL_FILE]: [["max: 10", "max: 12"]] });
    await reviewPullRequest(TARGET, scenario.ports);
    expect(comment()).toContain("### Drift · `fraud-detection-drift`");
    expect(comment()).toContain("**No dataset drift**");

    scenario.head({ [MODEL_FILE]: [["# yaml-language-server", "# a comment only\n# yaml-language-server"]] });
    scenario.ports.datasetRequests = [];
    await reviewPullRequest(TARGET, scenario.ports, { force: true });
    expect(comment()).not.toContain("### Drift");
    expect(comment()).not.toContain("`/slipway drift`");
    expect(scenario.ports.datasetRequests).toEqual([]);
  });

  it("gives a located finding and reads nothing for a prefix outside the allowed ones", async () => {
    await seedFraudData(put, { at: NOW, from: -8, to: 0 });
    scenario.head({
      [MONITOR_FILE]: [
        ["prefix: s3://acme-datalake/fraud/scored/", "prefix: s3://acme-datalake/other/scored/"],
      ],
    });
    await scenario.s3.forget();
    const outcome = await reviewPullRequest(TARGET, scenario.ports);
    // Validation reports the same location as an error; the drift section says why nothing was read.
    expect(outcome).toMatchObject({ kind: "reviewed", conclusion: "failure" });
    expect(scenario.ports.checks[0]?.output?.annotations.map((a) => a.title)).toContain("SLW127");
    const body = comment();
    expect(body).toContain(
      "❌ **Not computed**: the Monitor's data cannot be read as written, so nothing was read.",
    );
    expect(body).toContain(
      "- `monitors/fraud-detection-drift.yaml:15` `current.prefix` (SLW127): s3://acme-datalake/other/scored/ is outside the prefixes the integration allows (s3://acme-datalake/fraud/); it was not read",
    );
    expect(await scenario.s3.requests()).toEqual([]);
  });

  it("says drift is unavailable, and how to retry, when the store fails; the review still completes", async () => {
    scenario.head({ [MONITOR_FILE]: [THRESHOLD] });
    // No objects at all: the reference does not exist.
    const outcome = await reviewPullRequest(TARGET, scenario.ports);
    expect(outcome).toMatchObject({ kind: "reviewed", conclusion: "success", gates: "success" });
    const body = comment();
    expect(body).toContain(
      "⚠️ **Drift unavailable**: the data was not found (s3://acme-datalake/fraud/training/v7/reference.parquet: no such object (NoSuchKey, HTTP 404)).",
    );
    expect(body).toContain("Retry with `/slipway drift fraud-detection-drift`.");
    expect(body).not.toMatch(/\n\s+at .*\.ts:\d+/);
  });

  it("says so when the server binds no such integration", async () => {
    scenario.ports.datasets.clear();
    scenario.head({ [MONITOR_FILE]: [THRESHOLD] });
    await reviewPullRequest(TARGET, scenario.ports);
    expect(comment()).toContain('⚠️ **Drift unavailable**: no datasets integration "datalake" in this test.');
    expect(await scenario.s3.requests()).toEqual([]);
  });

  it("reads no data for a pull request from a fork", async () => {
    await seedFraudData(put, { at: NOW, from: -8, to: 0 });
    scenario.head({ [MONITOR_FILE]: [THRESHOLD] });
    await scenario.s3.forget();
    await reviewPullRequest({ ...TARGET, fork: true }, scenario.ports);
    expect(comment()).toContain(
      "### Drift\nData is not read for pull requests from forks (the server's storage credentials are not used on a fork's manifests); affected monitor: `fraud-detection-drift`.",
    );
    expect(scenario.ports.datasetRequests).toEqual([]);
    expect(await scenario.s3.requests()).toEqual([]);
  });
});
