import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./tracker-harness.ts";

describe("MLflow REST tracker: untrusted response bodies", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ client: { maxAttempts: 1 } });
    h.fake.addModelVersion({ name: "fraud-detection" });
  });
  afterEach(async () => {
    await h.fake.close();
  });

  it("reports a body that is not JSON as an invalid fault", async () => {
    h.fake.failNext("GET model-versions/get", { malformed: '{"model_version": {"name": "fraud' });
    const fault = await faultOf(h.tracker.getModelVersion("fraud-detection", "1"));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toContain("not JSON");
  });

  it("reports JSON that is not an object", async () => {
    h.fake.failNext("GET model-versions/get", { malformed: "[1, 2, 3]" });
    expect((await faultOf(h.tracker.getModelVersion("fraud-detection", "1"))).message).toContain(
      "not an object",
    );
  });

  it.each([
    ["a missing model_version", "{}", "model_version is not an object"],
    ["a numeric version", '{"model_version": {"name": "m", "version": 1, "status": "READY"}}', "version"],
    ["an unknown status", '{"model_version": {"name": "m", "version": "1", "status": "DONE"}}', "status"],
    [
      "aliases that are not strings",
      '{"model_version": {"name": "m", "version": "1", "status": "READY", "aliases": [{}]}}',
      "aliases[0]",
    ],
  ])("names the field when the shape is wrong: %s", async (_, body, field) => {
    h.fake.failNext("GET model-versions/get", { malformed: body });
    const fault = await faultOf(h.tracker.getModelVersion("fraud-detection", "1"));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toContain("unexpected shape");
    expect(fault.message).toContain(field);
  });

  it("checks nested run data: a metric value that is not a number", async () => {
    h.fake.failNext("GET runs/get", {
      malformed:
        '{"run": {"info": {"run_id": "r", "experiment_id": "0", "status": "FINISHED"}, "data": {"metrics": [{"key": "f1", "value": "high"}]}}}',
    });
    const fault = await faultOf(h.tracker.getRun("r"));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toContain("run.data.metrics[0].value");
  });

  it("accepts protobuf JSON's NaN and string int64 values as numbers", async () => {
    h.fake.failNext("GET runs/get", {
      malformed:
        '{"run": {"info": {"run_id": "r", "experiment_id": "0", "status": "FINISHED", "start_time": "1700000000000"}, "data": {"metrics": [{"key": "loss", "value": "NaN", "timestamp": "1", "step": "0"}]}}}',
    });
    const run = await h.tracker.getRun("r");
    expect(run.info.start_time).toBe(1_700_000_000_000);
    expect(run.data.metrics[0]?.value).toBeNaN();
  });

  it("refuses a body over 16 MiB announced by content-length", async () => {
    h.fake.failNext("GET model-versions/get", { oversizedBytes: 16 * 1024 * 1024 + 1 });
    const fault = await faultOf(h.tracker.getModelVersion("fraud-detection", "1"));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toContain("larger than 16777216 bytes");
  });

  it("stops reading a chunked body once it passes the limit", async () => {
    h.fake.failNext("GET model-versions/get", { oversizedBytes: 17 * 1024 * 1024, chunked: true });
    const fault = await faultOf(h.tracker.getModelVersion("fraud-detection", "1"));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toContain("larger than");
  });
});
