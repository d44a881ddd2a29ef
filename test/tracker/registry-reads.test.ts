import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./tracker-harness.ts";

describe("MLflow REST tracker: registry reads", () => {
  let h: Harness;
  let runId: string;
  beforeEach(async () => {
    h = await startHarness();
    runId = h.fake.addRun({ metrics: { f1: 0.9 } }).info.run_id;
    h.fake.addModelVersion({ name: "fraud-detection", runId, stage: "Production", aliases: ["champion"] });
    h.fake.addModelVersion({ name: "fraud-detection", runId, stage: "Staging", aliases: ["challenger"] });
    h.fake.addModelVersion({ name: "fraud-detection", status: "PENDING_REGISTRATION", stage: "Staging" });
  });
  afterEach(async () => {
    h.fake.assertNoUnexpected();
    await h.fake.close();
  });

  it("reads a registered model with its aliases and latest version per stage", async () => {
    const model = await h.tracker.getRegisteredModel("fraud-detection");
    expect(model.name).toBe("fraud-detection");
    expect(model.aliases).toEqual([
      { alias: "champion", version: "1" },
      { alias: "challenger", version: "2" },
    ]);
    // Version 3 is in Staging but not READY, so MLflow's latest Staging version stays 2.
    expect(model.latest_versions.map((v) => [v.current_stage, v.version])).toEqual([
      ["Staging", "2"],
      ["Production", "1"],
    ]);
  });

  it("reads a model version with its status, run, source and aliases", async () => {
    const v1 = await h.tracker.getModelVersion("fraud-detection", "1");
    expect(v1).toMatchObject({ version: "1", status: "READY", run_id: runId, current_stage: "Production" });
    expect(v1.source).toBe(`runs:/${runId}/model`);
    expect(v1.aliases).toEqual(["champion"]);
    const v3 = await h.tracker.getModelVersion("fraud-detection", "3");
    expect(v3.status).toBe("PENDING_REGISTRATION");
    expect(v3.run_id).toBeUndefined();
  });

  it("says which version is missing", async () => {
    const fault = await faultOf(h.tracker.getModelVersion("fraud-detection", "9"));
    expect(fault.kind).toBe("not-found");
    expect(fault.message).toContain("Model Version (name=fraud-detection, version=9) not found");
  });

  it("resolves an alias to its version, and fails plainly for an unknown alias", async () => {
    expect((await h.tracker.getModelVersionByAlias("fraud-detection", "challenger")).version).toBe("2");
    const fault = await faultOf(h.tracker.getModelVersionByAlias("fraud-detection", "shadow"));
    expect(fault.kind).toBe("not-found");
    expect(fault.errorCode).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("asks for the latest versions of the given stages as repeated query keys", async () => {
    const latest = await h.tracker.getLatestVersions("fraud-detection", ["Production", "Staging"]);
    expect(latest.map((v) => v.version)).toEqual(["1", "2"]);
    expect(h.fake.requestsTo("GET registered-models/get-latest-versions")[0]?.query.stages).toEqual([
      "Production",
      "Staging",
    ]);
  });

  it("returns the download URI of a version's artifacts: a runs:/ source resolved to the run's artifacts", async () => {
    expect(await h.tracker.getDownloadUri("fraud-detection", "2")).toBe(
      `mlflow-artifacts:/0/${runId}/artifacts/model`,
    );
  });

  it("searches versions by run id", async () => {
    h.fake.addModelVersion({ name: "churn", runId });
    const page = await h.tracker.searchModelVersions({ filter: `run_id = '${runId}'` });
    // MLflow's order: name ascending, then version descending.
    expect(page.items.map((v) => `${v.name}/${v.version}`)).toEqual([
      "churn/1",
      "fraud-detection/2",
      "fraud-detection/1",
    ]);
  });
});
