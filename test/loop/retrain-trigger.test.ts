import { describe, expect, it } from "vitest";
import { retrainDecisions, triggerKey } from "../../src/plan/retrain-trigger.ts";
import { monitorRun, templateSnapshot, withTrigger } from "./loop-fixtures.ts";

const PIPELINE = "fraud-detection-retrain";
const RUN_AT = "2026-12-07T06:00:00.000Z";
const KEY = triggerKey("production", "fraud-detection-drift", RUN_AT, PIPELINE);

const startedBefore = (requestedAt: string, runAt: string, done = true, runId: string | null = "run-1") => ({
  key: triggerKey("production", "fraud-detection-drift", runAt, PIPELINE),
  pipeline: PIPELINE,
  requestedAt,
  done,
  runId,
  trigger: { runAt },
});

describe("which pipelines a monitor run starts", () => {
  it("starts the template's pipeline for drift in production, with the drifted columns", async () => {
    const decisions = retrainDecisions(await templateSnapshot(), monitorRun(), []);
    expect(decisions).toEqual([
      {
        pipeline: PIPELINE,
        action: "start",
        key: KEY,
        reason: {
          monitor: "fraud-detection-drift",
          environment: "production",
          runAt: RUN_AT,
          conditions: ["drift"],
          columns: ["avg_amount_30d", "fraud_rate_90d"],
          report: monitorRun().report,
          metrics: [],
          problems: [],
        },
      },
    ]);
  });

  it("names the classification metrics and data-quality errors that failed, for the conditions it starts on", async () => {
    const run = monitorRun({
      status: { drift: true, qualityFailed: true, classificationFailed: true },
      classification: [
        { metric: "precision", reference: 0.85, current: 0.84, verdict: "pass", bound: "≥ 0.8" },
        { metric: "recall", reference: 0.77, current: 0.7, verdict: "fail", bound: "≥ 0.75" },
        { metric: "accuracy", reference: 0.9, current: 0.99, verdict: "warn", bound: "≤ 0.95" },
      ],
      qualityProblems: [
        { severity: "error", message: "column `amount`: 12% of values are null" },
        { severity: "warning", message: "column `merchant`: 3 new categories" },
      ],
    });
    const [all] = retrainDecisions(await templateSnapshot(), run, []);
    expect(all).toMatchObject({
      action: "start",
      reason: {
        conditions: ["drift", "quality", "classification"],
        metrics: [{ metric: "recall", reference: 0.77, current: 0.7, bound: "≥ 0.75" }],
        problems: ["column `amount`: 12% of values are null"],
      },
    });
    const driftOnly = await templateSnapshot(withTrigger("      conditions: [drift]\n"));
    expect(retrainDecisions(driftOnly, run, [])[0]).toMatchObject({ reason: { metrics: [], problems: [] } });
  });

  it("counts production environments only by default, and those the trigger lists when it does", async () => {
    const staging = monitorRun({ environment: "staging" });
    expect(retrainDecisions(await templateSnapshot(), staging, [])).toEqual([]);
    const listed = await templateSnapshot(withTrigger("      environments: [staging]\n"));
    expect(retrainDecisions(listed, staging, []).map((d) => d.action)).toEqual(["start"]);
    expect(retrainDecisions(listed, monitorRun(), [])).toEqual([]);
  });

  it("starts on failing classification or quality by default, and only on the listed conditions", async () => {
    const classification = monitorRun({
      status: { drift: false, qualityFailed: false, classificationFailed: true },
    });
    const [decision] = retrainDecisions(await templateSnapshot(), classification, []);
    expect(decision).toMatchObject({ action: "start", reason: { conditions: ["classification"] } });
    const driftOnly = await templateSnapshot(withTrigger("      conditions: [drift]\n"));
    expect(retrainDecisions(driftOnly, classification, [])).toEqual([]);
    const clean = monitorRun({ status: { drift: false, qualityFailed: false, classificationFailed: false } });
    expect(retrainDecisions(await templateSnapshot(), clean, [])).toEqual([]);
  });

  it("says a monitor run started it already (a record read again)", async () => {
    const decisions = retrainDecisions(await templateSnapshot(), monitorRun(), [
      {
        key: KEY,
        pipeline: PIPELINE,
        requestedAt: RUN_AT,
        done: false,
        runId: null,
        trigger: { runAt: RUN_AT },
      },
    ]);
    expect(decisions).toEqual([{ pipeline: PIPELINE, action: "started", key: KEY }]);
  });

  it("skips while another run of the pipeline is still running, manual ones included", async () => {
    const manual = {
      key: "retrain:acme/ml-platform#12",
      pipeline: PIPELINE,
      requestedAt: "2026-12-01T00:00:00.000Z",
      done: false,
      runId: "run-0",
    };
    const [decision] = retrainDecisions(await templateSnapshot(), monitorRun(), [manual]);
    expect(decision).toMatchObject({ action: "skip", why: "running", blocking: manual.key, until: null });
  });

  it("skips within the default 24 h cooldown of the last triggered start, judged at the monitor run's time", async () => {
    const earlier = startedBefore("2026-12-06T07:00:00.000Z", "2026-12-06T06:55:00.000Z");
    const [decision] = retrainDecisions(await templateSnapshot(), monitorRun(), [earlier]);
    expect(decision).toMatchObject({
      action: "skip",
      why: "cooldown",
      blocking: earlier.key,
      until: "2026-12-07T07:00:00.000Z",
    });
    const later = monitorRun({ runAt: "2026-12-07T07:00:00.000Z" });
    expect(retrainDecisions(await templateSnapshot(), later, [earlier]).map((d) => d.action)).toEqual([
      "start",
    ]);
  });

  it("holds no cooldown for a start given up on (it never reached Kubeflow Pipelines), but waits for one in flight", async () => {
    const never = startedBefore("2026-12-06T07:00:00.000Z", "2026-12-06T06:55:00.000Z", true, null);
    expect(retrainDecisions(await templateSnapshot(), monitorRun(), [never]).map((d) => d.action)).toEqual([
      "start",
    ]);
    const inFlight = startedBefore("2026-12-06T07:00:00.000Z", "2026-12-06T06:55:00.000Z", false, null);
    expect(retrainDecisions(await templateSnapshot(), monitorRun(), [inFlight])[0]).toMatchObject({
      action: "skip",
      why: "running",
    });
  });

  it("takes the cooldown the trigger declares", async () => {
    const earlier = startedBefore("2026-12-06T07:00:00.000Z", "2026-12-06T06:55:00.000Z");
    const week = await templateSnapshot(withTrigger("      cooldown: 7d\n"));
    expect(retrainDecisions(week, monitorRun(), [earlier])[0]).toMatchObject({
      why: "cooldown",
      until: "2026-12-13T07:00:00.000Z",
    });
    const hour = await templateSnapshot(withTrigger("      cooldown: 1h\n"));
    expect(retrainDecisions(hour, monitorRun(), [earlier])[0]?.action).toBe("start");
  });

  it("decides nothing for a record no newer than the one that last started the pipeline", async () => {
    const newer = startedBefore("2026-12-07T08:00:00.000Z", "2026-12-07T07:30:00.000Z");
    expect(retrainDecisions(await templateSnapshot(), monitorRun(), [newer])).toEqual([]);
  });

  it("ignores pipelines without a model and triggers on other monitors", async () => {
    const other = monitorRun({ monitor: "another-monitor" });
    expect(retrainDecisions(await templateSnapshot(), other, [])).toEqual([]);
  });
});
