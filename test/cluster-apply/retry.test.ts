import { describe, expect, it } from "vitest";
import { withRetry } from "../../src/cluster/apply/retry.ts";
import { ClusterFault } from "../../src/cluster/cluster-port.ts";

describe("retry", () => {
  const policy = {
    maxAttempts: 4,
    backoffMs: 100,
    maxBackoffMs: 250,
    random: () => 0.999,
    sleep: async () => {},
  };

  it("retries transient faults with capped backoff and counts the attempts", async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetry({ ...policy, sleep: async (ms) => void slept.push(ms) }, async () => {
      if (++calls < 4) throw new ClusterFault("server", "HTTP 500");
      return "ok";
    });
    expect(result).toEqual({ ok: true, value: "ok", attempts: 4 });
    expect(slept).toEqual([100, 200, 250]);
  });

  it("gives up after the last attempt and returns the fault", async () => {
    const result = await withRetry(policy, async () => {
      throw new ClusterFault("timeout", "no answer");
    });
    expect(result).toMatchObject({ ok: false, attempts: 4, fault: { kind: "timeout" } });
  });

  it("never retries a fault that repeating cannot cure", async () => {
    let calls = 0;
    const result = await withRetry(policy, async () => {
      calls++;
      throw new ClusterFault("invalid", "bad spec");
    });
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(calls).toBe(1);
  });

  it("reports an unexpected error as a fault instead of throwing", async () => {
    const result = await withRetry(policy, async () => {
      throw new TypeError("oops");
    });
    expect(result).toMatchObject({
      ok: false,
      fault: { kind: "invalid", message: expect.stringContaining("oops") },
    });
  });
});
