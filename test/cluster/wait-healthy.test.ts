import { afterEach, describe, expect, it } from "vitest";
import type { Health } from "../../src/cluster/health.ts";
import {
  DEFAULT_MODEL_LOAD_TIMEOUT_MS,
  modelLoadTimeoutMs,
  waitHealthy,
} from "../../src/cluster/wait-healthy.ts";
import { type Harness, startHarness } from "./cluster-harness.ts";
import { inferenceService } from "./objects.ts";

const REF = {
  apiVersion: "serving.kserve.io/v1beta1",
  kind: "InferenceService",
  namespace: "ml",
  name: "fraud",
};
const ready = (generation: number) => ({
  observedGeneration: generation,
  conditions: [{ type: "Ready", status: "True" }],
});

/** A clock that only moves when the wait sleeps; `onSleep` plays the controller between polls. */
function virtualTime(onSleep: (now: number) => void = () => undefined) {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
      onSleep(now);
    },
  };
}

describe("waiting for an applied object to become healthy", () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("polls until the controller reports ready for the applied generation", async () => {
    h = await startHarness();
    await h.cluster.apply(inferenceService("fraud"), { dryRun: false, force: true });
    const time = virtualTime((now) => {
      if (now === 10_000)
        h.fake.setStatus(REF, {
          observedGeneration: 1,
          conditions: [{ type: "Ready", status: "False", reason: "RevisionMissing" }],
        });
      if (now === 20_000) h.fake.setStatus(REF, ready(1));
    });
    const seen: Health[] = [];
    const result = await waitHealthy(h.cluster, REF, {
      timeoutMs: 60_000,
      pollMs: 5_000,
      ...time,
      onProgress: (x) => seen.push(x),
    });
    expect(result).toMatchObject({ state: "ready", reason: "InferenceService Ready", elapsedMs: 20_000 });
    expect(result.object?.status).toEqual(ready(1));
    expect(time.sleeps).toEqual([5_000, 5_000, 5_000, 5_000]);
    expect(seen.map((x) => x.state)).toEqual([
      "progressing",
      "progressing",
      "progressing",
      "progressing",
      "ready",
    ]);
    expect(h.fake.counts().get).toBe(5);
  });

  it("does not take a status for the previous generation as ready", async () => {
    h = await startHarness();
    await h.cluster.apply(inferenceService("fraud"), { dryRun: false, force: true });
    h.fake.setStatus(REF, ready(1));
    await h.cluster.apply(inferenceService("fraud", { storageUri: "s3://models/fraud/8" }), {
      dryRun: false,
      force: true,
    });
    const time = virtualTime((now) => {
      if (now === 15_000) h.fake.setStatus(REF, ready(2));
    });
    const result = await waitHealthy(h.cluster, REF, { timeoutMs: 60_000, pollMs: 5_000, ...time });
    expect(result.state).toBe("ready");
    expect(result.elapsedMs).toBe(15_000);
  });

  it("stops at once when the model fails to load", async () => {
    h = await startHarness();
    await h.cluster.apply(inferenceService("fraud"), { dryRun: false, force: true });
    h.fake.setStatus(REF, {
      observedGeneration: 1,
      modelStatus: {
        transitionStatus: "BlockedByFailedLoad",
        lastFailureInfo: { reason: "ModelLoadFailed" },
      },
    });
    const time = virtualTime();
    const result = await waitHealthy(h.cluster, REF, { timeoutMs: 60_000, ...time });
    expect(result).toMatchObject({
      state: "failed",
      reason: "BlockedByFailedLoad: ModelLoadFailed",
      elapsedMs: 0,
    });
    expect(time.sleeps).toEqual([]);
  });

  it("times out after the model-load timeout with the last reason, never sleeping past it", async () => {
    h = await startHarness();
    await h.cluster.apply(inferenceService("fraud"), { dryRun: false, force: true });
    const time = virtualTime();
    const result = await waitHealthy(h.cluster, REF, { timeoutMs: 12_000, pollMs: 5_000, ...time });
    expect(result.state).toBe("timeout");
    expect(result.reason).toBe(
      "InferenceService ml/fraud was not ready within 12 s: waiting for the controller to observe generation 1 (it has seen none)",
    );
    expect(time.sleeps).toEqual([5_000, 5_000, 2_000]);
    expect(result.elapsedMs).toBe(12_000);
  });

  it("waits through transient API faults, and for an object that does not exist yet", async () => {
    h = await startHarness({ client: { retry: { maxAttempts: 1 } } });
    h.fake.failNext("get", 503);
    const time = virtualTime((now) => {
      if (now === 10_000) h.fake.seed({ ...inferenceService("fraud"), status: ready(1) });
    });
    const seen: string[] = [];
    const result = await waitHealthy(h.cluster, REF, {
      timeoutMs: 60_000,
      pollMs: 5_000,
      ...time,
      onProgress: (x) => seen.push(x.reason),
    });
    expect(result.state).toBe("ready");
    expect(seen.slice(0, 2)).toEqual([
      "the API server did not answer (server)",
      "InferenceService ml/fraud does not exist yet",
    ]);
  });

  it("polls soon after the apply, then at doubling pauses up to the poll period", async () => {
    h = await startHarness();
    await h.cluster.apply(inferenceService("fraud"), { dryRun: false, force: true });
    const time = virtualTime((now) => {
      if (now === 2_500) h.fake.setStatus(REF, ready(1));
    });
    const result = await waitHealthy(h.cluster, REF, {
      timeoutMs: 60_000,
      pollMs: 1_000,
      firstPollMs: 100,
      ...time,
    });
    expect(result).toMatchObject({ state: "ready", elapsedMs: 2_500 });
    expect(time.sleeps).toEqual([100, 200, 400, 800, 1_000]);
  });

  it("rejects with a fault that waiting cannot cure", async () => {
    h = await startHarness();
    h.fake.failNext("get", 403);
    await expect(waitHealthy(h.cluster, REF, { timeoutMs: 60_000, ...virtualTime() })).rejects.toMatchObject({
      kind: "forbidden",
    });
  });

  it("reads the model-load timeout from the rendered annotation", () => {
    const isvc = inferenceService("fraud");
    expect(modelLoadTimeoutMs(isvc)).toBe(DEFAULT_MODEL_LOAD_TIMEOUT_MS);
    isvc.metadata.annotations = { "slipway.dev/model-load-timeout": "15m" };
    expect(modelLoadTimeoutMs(isvc)).toBe(900_000);
    isvc.metadata.annotations = { "slipway.dev/model-load-timeout": "1h30m" };
    expect(modelLoadTimeoutMs(isvc, 1)).toBe(5_400_000);
  });
});
