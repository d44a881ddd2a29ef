import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEnvironment } from "../../src/cluster/apply/apply-environment.ts";
import type { HealthCheck } from "../../src/cluster/apply/apply-settings.ts";
import { healthCheck } from "../../src/cluster/apply/check-health.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { renderApplyJson } from "../../src/report/apply-json.ts";
import { renderApplyText } from "../../src/report/apply-text.ts";
import { type ApplyHarness, COMMIT_A, COMMIT_B, startApplyHarness, tracked } from "./apply-fixture.ts";

const version8 = (files: Record<string, string>) => {
  files["models/fraud-detection.yaml"] = (files["models/fraud-detection.yaml"] ?? "").replace(
    "version: 7",
    "version: 8",
  );
};
const isvcRef = {
  apiVersion: "serving.kserve.io/v1beta1",
  kind: "InferenceService",
  namespace: "ml-serving",
  name: "fraud-detection",
};

/**
 * Plays KServe's and the Job controller's part, as they would answer after an apply: version 8 of the
 * model fails to load, any other version is Ready; Jobs complete. Then the real health check polls.
 */
function controllers(h: ApplyHarness): HealthCheck {
  const check = healthCheck(h.cluster, {
    timeoutMs: 60_000,
    pollMs: 1,
    concurrency: 4,
    now: () => 0,
    sleep: async () => {},
  });
  return async (objects: readonly KubeObject[]) => {
    for (const object of h.fake.objects("InferenceService")) {
      const broken = JSON.stringify(object.spec).includes("models:/fraud-detection/8");
      h.fake.setStatus(object, {
        observedGeneration: object.metadata.generation,
        conditions: [{ type: "Ready", status: broken ? "False" : "True" }],
        modelStatus: broken
          ? {
              transitionStatus: "BlockedByFailedLoad",
              lastFailureInfo: { reason: "ModelLoadFailed", message: "no such version" },
            }
          : { transitionStatus: "UpToDate" },
      });
    }
    for (const job of h.fake.objects("Job"))
      h.fake.setStatus(job, { conditions: [{ type: "Complete", status: "True" }] });
    return check(objects);
  };
}

describe("apply: failed health rolls back to the last good commit", () => {
  let h: ApplyHarness;
  beforeEach(async () => {
    h = await startApplyHarness();
  });
  afterEach(() => h.close());

  it("re-applies the last good commit, reports object by object, and holds the failed commit", async () => {
    const good = await h.render(COMMIT_A);
    const first = await applyEnvironment(good, h.settings({ waitHealthy: controllers(h) }));
    expect(first.outcome).toBe("applied");
    expect(first.health?.healthy).toBe(true);
    const rendered: string[] = [];
    const settings = h.settings({
      waitHealthy: controllers(h),
      renderCommit: async (commit) => {
        rendered.push(commit);
        return h.render(commit);
      },
    });
    const report = await applyEnvironment(await h.render(COMMIT_B, version8), settings);
    expect(rendered).toEqual([COMMIT_A]);
    expect(report.outcome).toBe("rolled-back");
    expect(report.health).toMatchObject({ healthy: false });
    expect(report.health?.objects).toContainEqual({
      ref: isvcRef,
      status: "unhealthy",
      message: "BlockedByFailedLoad: ModelLoadFailed: no such version",
    });
    expect(report.rollback).toMatchObject({
      commit: COMMIT_A,
      outcome: "restored",
      health: { healthy: true },
    });
    expect(report.rollback?.objects.filter((o) => o.result === "updated").map((o) => o.ref.kind)).toEqual([
      "InferenceService",
    ]);
    expect(JSON.stringify(h.fake.object(isvcRef)?.spec)).toContain("models:/fraud-detection/7");
    const inventory = await h.inventory();
    expect(inventory).toMatchObject({
      phase: "rolled-back",
      commit: COMMIT_A,
      lastGoodCommit: COMMIT_A,
      failedCommit: COMMIT_B,
    });
    expect(tracked(inventory)).toHaveLength(good.objects.length);
    const text = renderApplyText(report);
    expect(text).toContain(`Apply of ${COMMIT_B} to staging: FAILED, rolled back`);
    expect(text).toContain(
      "  InferenceService ml-serving/fraud-detection: unhealthy: BlockedByFailedLoad: ModelLoadFailed: no such version",
    );
    expect(text).toContain(
      `Rollback to ${COMMIT_A}: restored\n  Updated InferenceService ml-serving/fraud-detection`,
    );
    expect(JSON.parse(renderApplyJson(report)).rollback.outcome).toBe("restored");
  });

  it("with no earlier healthy commit, holds the environment as failed and says why", async () => {
    const settings = h.settings({ waitHealthy: controllers(h), renderCommit: (c) => h.render(c) });
    const report = await applyEnvironment(await h.render(COMMIT_B, version8), settings);
    expect(report.outcome).toBe("failed");
    expect(report.reason).toBe(
      "health failed and no rollback was possible: there is no earlier healthy commit",
    );
    expect(report.rollback).toMatchObject({ outcome: "unavailable", commit: null });
    expect(await h.inventory()).toMatchObject({
      phase: "failed",
      failedCommit: COMMIT_B,
      lastGoodCommit: null,
    });
  });
});
