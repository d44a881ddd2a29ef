import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./tracker-harness.ts";

describe("MLflow REST tracker: aliases and stage transitions", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.fake.addModelVersion({ name: "fraud-detection", stage: "Production", aliases: ["champion"] });
    h.fake.addModelVersion({ name: "fraud-detection", stage: "Production" });
    h.fake.addModelVersion({ name: "fraud-detection" });
  });
  afterEach(async () => {
    h.fake.assertNoUnexpected();
    await h.fake.close();
  });

  it("moves an alias to another version with a JSON POST", async () => {
    await h.tracker.setAlias("fraud-detection", "champion", "3");
    expect((await h.tracker.getModelVersionByAlias("fraud-detection", "champion")).version).toBe("3");
    expect((await h.tracker.getModelVersion("fraud-detection", "1")).aliases).toEqual([]);
    const sent = h.fake.requestsTo("POST registered-models/alias")[0];
    expect(sent?.body).toEqual({ name: "fraud-detection", alias: "champion", version: "3" });
  });

  it("deletes an alias with the fields in a JSON body, as MLflow requires even for DELETE", async () => {
    await h.tracker.deleteAlias("fraud-detection", "champion");
    const sent = h.fake.requestsTo("DELETE registered-models/alias")[0];
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.body).toEqual({ name: "fraud-detection", alias: "champion" });
    expect((await faultOf(h.tracker.getModelVersionByAlias("fraud-detection", "champion"))).kind).toBe(
      "not-found",
    );
  });

  it("refuses a reserved alias name as invalid", async () => {
    const fault = await faultOf(h.tracker.setAlias("fraud-detection", "latest", "3"));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toContain("reserved");
  });

  it("transitions a version and archives the other Production versions when asked", async () => {
    const moved = await h.tracker.transitionStage("fraud-detection", "3", "Production", true);
    expect(moved.current_stage).toBe("Production");
    expect((await h.tracker.getModelVersion("fraud-detection", "1")).current_stage).toBe("Archived");
    expect((await h.tracker.getModelVersion("fraud-detection", "2")).current_stage).toBe("Archived");
    expect(h.fake.requestsTo("POST model-versions/transition-stage")[0]?.body).toEqual({
      name: "fraud-detection",
      version: "3",
      stage: "Production",
      archive_existing_versions: true,
    });
  });

  it("leaves the other versions in place without archive_existing_versions", async () => {
    await h.tracker.transitionStage("fraud-detection", "3", "Production", false);
    expect((await h.tracker.getModelVersion("fraud-detection", "1")).current_stage).toBe("Production");
    expect(h.fake.requestsTo("POST model-versions/transition-stage")[0]?.body).toMatchObject({
      archive_existing_versions: false,
    });
  });
});
