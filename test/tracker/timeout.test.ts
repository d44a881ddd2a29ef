import { afterEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./tracker-harness.ts";

describe("MLflow REST tracker: timeouts", () => {
  let h: Harness;
  afterEach(async () => {
    await h.fake.close();
  });

  // The hanging answers outlast any test (the fake's close ends them); the client's deadline is long
  // enough that a loaded machine still gets each request to the fake before it fires.
  it("abandons a request that outlives the timeout and reports a timeout fault", async () => {
    h = await startHarness({ client: { timeoutMs: 1_000, maxAttempts: 2 } });
    h.fake.failNext("GET runs/get", { delayMs: 60_000 }, 2);
    const fault = await faultOf(h.tracker.getRun("abc"));
    expect(fault.kind).toBe("timeout");
    expect(fault.message).toContain("did not answer within 1000 ms");
    // A timeout is transient: the second attempt was made, then the client gave up.
    expect(h.fake.requestsTo("GET runs/get")).toHaveLength(2);
  });

  it("succeeds when a retry answers in time", async () => {
    h = await startHarness({ client: { timeoutMs: 1_000, maxAttempts: 2 } });
    h.fake.failNext("GET experiments/get-by-name", { delayMs: 60_000 });
    expect((await h.tracker.getExperimentByName("Default")).name).toBe("Default");
  });
});
