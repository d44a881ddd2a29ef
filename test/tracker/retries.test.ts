import { afterEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./tracker-harness.ts";

describe("MLflow REST tracker: retries with backoff", () => {
  let h: Harness;
  afterEach(async () => {
    await h.fake.close();
  });

  it("retries 503 twice, then succeeds, backing off exponentially", async () => {
    h = await startHarness({ client: { backoffMs: 100, maxAttempts: 4 } });
    h.fake.addModelVersion({ name: "fraud-detection" });
    h.fake.failNext("GET model-versions/get", 503, 2);
    const version = await h.tracker.getModelVersion("fraud-detection", "1");
    expect(version.version).toBe("1");
    expect(h.fake.requestsTo("GET model-versions/get").map((r) => r.status)).toEqual([503, 503, 200]);
    // random() is pinned to 1, so each jittered delay is its cap: 100, then 200.
    expect(h.sleeps).toEqual([100, 200]);
  });

  it.each([408, 429, 500, 502, 504])("treats HTTP %i as transient", async (status) => {
    h = await startHarness();
    h.fake.failNext("GET experiments/get-by-name", status);
    await h.tracker.getExperimentByName("Default");
    expect(h.fake.requestsTo("GET experiments/get-by-name")).toHaveLength(2);
  });

  it("waits as long as Retry-After asks, within the backoff cap", async () => {
    h = await startHarness({ client: { backoffMs: 100, maxBackoffMs: 5_000 } });
    h.fake.failNext("GET experiments/get-by-name", { status: 429, headers: { "retry-after": "3" } });
    h.fake.failNext("GET experiments/get-by-name", { status: 503, headers: { "retry-after": "60" } });
    await h.tracker.getExperimentByName("Default");
    expect(h.sleeps).toEqual([3_000, 5_000]);
  });

  it("gives up after the bounded number of attempts with a server fault", async () => {
    h = await startHarness({ client: { maxAttempts: 3, backoffMs: 10, maxBackoffMs: 15 } });
    h.fake.failNext(
      "GET runs/get",
      { status: 503, errorCode: "TEMPORARILY_UNAVAILABLE", message: "busy" },
      10,
    );
    const fault = await faultOf(h.tracker.getRun("abc"));
    expect(fault.kind).toBe("server");
    expect(fault.errorCode).toBe("TEMPORARILY_UNAVAILABLE");
    expect(h.fake.requestsTo("GET runs/get")).toHaveLength(3);
    expect(h.sleeps).toEqual([10, 15]);
  });

  it("does not retry a client error", async () => {
    h = await startHarness();
    const fault = await faultOf(h.tracker.getRun("missing"));
    expect(fault.kind).toBe("not-found");
    expect(h.fake.requestsTo("GET runs/get")).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it("retries a dropped connection, and reports an unreachable server", async () => {
    h = await startHarness({ client: { maxAttempts: 2 } });
    h.fake.failNext("GET experiments/get-by-name", { dropConnection: true });
    expect((await h.tracker.getExperimentByName("Default")).experiment_id).toBe("0");
    h.fake.failNext("GET experiments/get-by-name", { dropConnection: true }, 2);
    const fault = await faultOf(h.tracker.getExperimentByName("Default"));
    expect(fault.kind).toBe("unreachable");
    expect(fault.message).toContain("could not be reached");
  });
});
