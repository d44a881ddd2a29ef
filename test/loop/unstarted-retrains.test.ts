import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { followRetrains } from "../../src/workflows/loop/follow-retrains.ts";
import { RETRY_AFTER_MS } from "../../src/workflows/loop/retry-unstarted.ts";
import { RETRY_FOR_MS, triggerRetrains } from "../../src/workflows/loop/trigger-retrains.ts";
import { type LoopHarness, startLoopHarness } from "./loop-harness.ts";

const PIPELINE = "fraud-detection-retrain";
const RUN_MARKER = "<!-- slipway:pipeline-run -->";

// Issue #19, item 1: a drift trigger whose start Kubeflow Pipelines failed is not lost, and does not
// hold its Pipeline as "running" for ever: it is tried again under its key, and given up on after an hour.
describe("triggered starts that failed", () => {
  let h: LoopHarness;
  beforeEach(async () => {
    h = await startLoopHarness();
  });
  afterEach(() => h.close());

  const trigger = async (minutesFromNow = 0) =>
    (
      await triggerRetrains(
        h.ports,
        await h.defaultBranch(),
        h.monitorRun(new Date(h.now() + minutesFromNow * 60_000).toISOString()),
        h.issue,
      )
    )[0];
  const follow = async () => followRetrains(h.ports, await h.defaultBranch());
  const counted = async (outcome: string) => {
    const series = `slipway_retrain_triggers_total{pipeline="${PIPELINE}",outcome="${outcome}"}`;
    const line = (await h.scrape()).split("\n").find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };

  it("is tried again under its key once it cannot be in flight any more, and its link follows on the issue", async () => {
    h.kfp.failNext("POST runs", 503, 4);
    expect(await trigger()).toMatchObject({ pipeline: PIPELINE, outcome: "failed" });
    const [refusal] = h.comments();
    expect(refusal).toMatch(
      /^⚠️ The monitor run at \S+ \(dataset drift\) should have started `fraud-detection-retrain`, but it did not start: .*503/,
    );
    expect(refusal).toMatch(/Slipway tries again for an hour; the run's link follows here when it starts\.$/);
    expect(await counted("failed")).toBe(1);

    // Meanwhile the start counts as in flight: the next drift waits for it, and says so once.
    expect(await trigger(5)).toMatchObject({ outcome: "skipped-running", said: true });
    expect(h.comments()[1]).toContain("its last start is still being created in Kubeflow Pipelines");
    expect(await follow()).toEqual([]);
    expect(h.kfp.runs()).toEqual([]);

    h.advance(RETRY_AFTER_MS);
    expect(await follow()).toMatchObject([{ pipeline: PIPELINE, state: "restarted" }]);
    const [run] = h.kfp.runs();
    expect(h.kfp.runs()).toHaveLength(1);
    expect(h.comments().filter((c) => c.includes(RUN_MARKER))).toHaveLength(1);
    expect(h.comments().at(-1)).toContain(`/#/runs/details/${run?.run_id}`);
    expect(await counted("started")).toBe(1);
    // Started: later passes leave it to the run tracker, and the next drift is within its cooldown.
    h.advance(RETRY_AFTER_MS);
    expect(await follow()).toEqual([]);
    expect(h.kfp.runs()).toHaveLength(1);
  });

  it("is given up on after an hour of faults, said once, and holds back neither the next drift nor a cooldown", async () => {
    h.kfp.failNext("POST runs", 503, 1_000);
    expect(await trigger()).toMatchObject({ outcome: "failed" });
    h.advance(RETRY_AFTER_MS);
    expect(await follow()).toMatchObject([{ state: "waiting" }]);
    h.advance(RETRY_FOR_MS - RETRY_AFTER_MS);
    expect(await follow()).toMatchObject([{ state: "reported" }]);
    const given = h.comments().filter((c) => c.includes("stopped trying"));
    expect(given).toHaveLength(1);
    expect(given[0]).toMatch(
      /^⚠️ `fraud-detection-retrain` was not started for the monitor run at \S+: Kubeflow Pipelines kept failing for an hour \(last: .*503.*\) Slipway stopped trying; the next drift of the monitor starts it, or `\/slipway retrain fraud-detection-retrain` does now\.$/,
    );
    h.advance(RETRY_AFTER_MS);
    expect(await follow()).toEqual([]);
    expect(h.comments().filter((c) => c.includes("stopped trying"))).toHaveLength(1);

    h.kfp.clearFaults();
    expect(await trigger(1)).toMatchObject({ outcome: "started" });
    expect(h.kfp.runs()).toHaveLength(1);
  });

  it("lets go of a /slipway retrain start that never got its run, so drift is not held back by it", async () => {
    await h.ports.records.update((r) => {
      r.runs.push({
        key: "retrain:acme/ml-platform#301",
        pipeline: PIPELINE,
        integration: "kubeflow",
        experiment: "fraud-detection-retrain",
        runId: null,
        requestedBy: "jdoe",
        requestedAt: new Date(h.now()).toISOString(),
        state: "CREATING",
        comment: { issue: 12, id: null },
        overrides: [],
        done: false,
      });
    });
    expect(await trigger()).toMatchObject({ outcome: "skipped-running" });
    h.advance(RETRY_AFTER_MS);
    expect(await follow()).toMatchObject([{ state: "reported", note: "never started" }]);
    expect(h.kfp.runs()).toEqual([]);
    expect(await trigger(1)).toMatchObject({ outcome: "started" });
  });
});
