import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./tracker-harness.ts";

describe("MLflow REST tracker: MLflow 3 logged models", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    h.fake.assertNoUnexpected();
    await h.fake.close();
  });

  it("reads a logged model by id from /logged-models/{model_id}", async () => {
    const run = h.fake.addRun();
    const seeded = h.fake.addLoggedModel({
      name: "model",
      sourceRunId: run.info.run_id,
      params: { alpha: "0.1" },
    });
    const model = await h.tracker.getLoggedModel(seeded.info.model_id);
    expect(model).toMatchObject({
      model_id: seeded.info.model_id,
      name: "model",
      status: "LOGGED_MODEL_READY",
      source_run_id: run.info.run_id,
      artifact_uri: seeded.info.artifact_uri,
    });
    expect(model.params).toEqual([{ key: "alpha", value: "0.1" }]);
    expect(h.fake.requests[0]?.endpoint).toBe(`logged-models/${seeded.info.model_id}`);
  });

  it("links a registered version to its logged model", async () => {
    const logged = h.fake.addLoggedModel({ name: "model" });
    h.fake.addModelVersion({ name: "fraud-detection", modelId: logged.info.model_id });
    const version = await h.tracker.getModelVersion("fraud-detection", "1");
    expect(version.model_id).toBe(logged.info.model_id);
  });

  it("reports an unknown logged model as not found", async () => {
    const fault = await faultOf(h.tracker.getLoggedModel("m-missing"));
    expect(fault.kind).toBe("not-found");
    expect(fault.message).toContain("m-missing");
  });
});
