import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./tracker-harness.ts";

describe("MLflow REST tracker: runs and experiments", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    h.fake.assertNoUnexpected();
    await h.fake.close();
  });

  it("reads a run's metrics, params, tags and the digest of its evaluation dataset", async () => {
    const exp = h.fake.addExperiment({ name: "fraud-detection" });
    const seeded = h.fake.addRun({
      experimentId: exp.experiment_id,
      runName: "candidate",
      metrics: { precision: 0.91, recall: 0.82 },
      params: { max_depth: "6" },
      datasetDigest: "a1b2c3d4",
    });
    const run = await h.tracker.getRun(seeded.info.run_id);
    expect(run.info).toMatchObject({
      run_id: seeded.info.run_id,
      experiment_id: exp.experiment_id,
      status: "FINISHED",
    });
    expect(run.data.metrics.map((m) => [m.key, m.value])).toEqual([
      ["precision", 0.91],
      ["recall", 0.82],
    ]);
    expect(run.data.params).toEqual([{ key: "max_depth", value: "6" }]);
    expect(run.data.tags).toContainEqual({ key: "mlflow.runName", value: "candidate" });
    expect(run.inputs.dataset_inputs[0]?.dataset.digest).toBe("a1b2c3d4");
    expect(h.fake.requestsTo("GET runs/get")[0]?.query).toEqual({ run_id: [seeded.info.run_id] });
  });

  it("turns an unknown run into a not-found fault carrying MLflow's code and message", async () => {
    const fault = await faultOf(h.tracker.getRun("0123456789abcdef0123456789abcdef"));
    expect(fault.kind).toBe("not-found");
    expect(fault.errorCode).toBe("RESOURCE_DOES_NOT_EXIST");
    expect(fault.status).toBe(404);
    expect(fault.message).toContain("Run with id=0123456789abcdef0123456789abcdef not found");
  });

  it("searches runs with a filter and an order, POSTing MLflow's JSON body", async () => {
    const exp = h.fake.addExperiment({ name: "fraud-detection" });
    const id = exp.experiment_id;
    h.fake.addRun({ experimentId: id, runName: "a", metrics: { f1: 0.7 }, params: { model: "xgb" } });
    h.fake.addRun({ experimentId: id, runName: "b", metrics: { f1: 0.9 }, params: { model: "xgb" } });
    h.fake.addRun({ experimentId: id, runName: "c", metrics: { f1: 0.95 }, params: { model: "lr" } });
    h.fake.addRun({
      experimentId: "0",
      runName: "elsewhere",
      metrics: { f1: 0.99 },
      params: { model: "xgb" },
    });
    const page = await h.tracker.searchRuns({
      experimentIds: [id],
      filter: "params.model = 'xgb' AND metrics.f1 > 0.5",
      orderBy: ["metrics.f1 DESC"],
    });
    expect(page.items.map((r) => r.info.run_name)).toEqual(["b", "a"]);
    expect(page.nextPageToken).toBeUndefined();
    const sent = h.fake.requestsTo("POST runs/search")[0];
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.body).toEqual({
      experiment_ids: [id],
      filter: "params.model = 'xgb' AND metrics.f1 > 0.5",
      order_by: ["metrics.f1 DESC"],
    });
  });

  it("answers an empty list when MLflow omits `runs` because nothing matched", async () => {
    const page = await h.tracker.searchRuns({ experimentIds: ["0"], filter: "metrics.f1 > 2" });
    expect(page.items).toEqual([]);
  });

  it("reports a filter MLflow cannot parse as an invalid fault", async () => {
    const fault = await faultOf(h.tracker.searchRuns({ experimentIds: ["0"], filter: "f1 >>> 1" }));
    expect(fault.kind).toBe("invalid");
    expect(fault.errorCode).toBe("INVALID_PARAMETER_VALUE");
  });

  it("finds an experiment by name, and says when none has that name", async () => {
    const exp = h.fake.addExperiment({ name: "fraud-detection", tags: { team: "risk" } });
    const found = await h.tracker.getExperimentByName("fraud-detection");
    expect(found).toMatchObject({ experiment_id: exp.experiment_id, name: "fraud-detection" });
    expect(found.tags).toEqual([{ key: "team", value: "risk" }]);
    const fault = await faultOf(h.tracker.getExperimentByName("churn"));
    expect(fault.kind).toBe("not-found");
    expect(fault.message).toContain("Could not find experiment with name 'churn'");
  });
});
