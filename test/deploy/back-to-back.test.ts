import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { COMMIT_A, COMMIT_B, type DeployHarness, startDeployHarness } from "./deploy-harness.ts";

const COMMIT_C = "c3".repeat(20);

// Issue 9: two merges back to back — both queue in one environment's line, the one executor takes
// them in order, and each is applied once.
describe("two merges back to back", () => {
  let h: DeployHarness;
  beforeEach(async () => {
    h = await startDeployHarness();
    h.github.history = [COMMIT_A, COMMIT_B, COMMIT_C];
    const b = h.trees.get(COMMIT_B) ?? {};
    h.trees.set(COMMIT_C, {
      ...b,
      "models/fraud-detection.yaml": (b["models/fraud-detection.yaml"] ?? "").replace("max: 10", "max: 12"),
    });
  });
  afterEach(() => h.close());

  it("queues the second behind the first, tells its position, and applies both in merge order", async () => {
    const first = await advanceDeploy(h.ports, { commit: COMMIT_B, branch: "main", pr: null });
    const second = await advanceDeploy(h.ports, { commit: COMMIT_C, branch: "main", pr: null });
    expect(first).toMatchObject({ kind: "enqueued", environment: "staging", position: 1 });
    expect(second).toMatchObject({ kind: "enqueued", environment: "staging", position: 2 });

    await drainEnvironment(h.ports, "staging", h.options);
    const records = await h.store.deploys("staging");
    expect(records.map((r) => r.commit)).toEqual([COMMIT_C, COMMIT_B]);
    expect(records.every((r) => r.outcome === "success")).toBe(true);
    expect((await h.store.readState("staging")).appliedCommit).toBe(COMMIT_C);
    expect(h.github.statuses("staging")).toEqual([
      ["in_progress", "success"],
      ["in_progress", "success"],
    ]);
    expect(await h.store.list("staging", ["queued", "running"])).toEqual([]);
    const isvc = JSON.stringify(h.clusters.staging.fake.objects("InferenceService")[0] ?? {});
    expect(isvc).toContain('"maxReplicas":12');
  });
});
