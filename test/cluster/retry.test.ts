import { describe, expect, it } from "vitest";
import { ClusterFault } from "../../src/cluster/cluster-port.ts";
import { backoffDelay, withRetry } from "../../src/cluster/retry.ts";

function flaky(failures: readonly ClusterFault[]) {
  let calls = 0;
  const run = async () => {
    const fault = failures[calls];
    calls += 1;
    if (fault) throw fault;
    return "done";
  };
  return { run, calls: () => calls };
}

describe("retry with backoff", () => {
  it("doubles the delay per attempt up to the cap, scaled by the jitter", () => {
    const policy = { backoffMs: 100, maxBackoffMs: 500, random: () => 1 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy))).toEqual([100, 200, 400, 500, 500]);
    expect(backoffDelay(3, { ...policy, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(0);
  });

  it("retries retryable faults until success", async () => {
    const sleeps: number[] = [];
    const op = flaky([
      new ClusterFault("server", "503"),
      new ClusterFault("timeout", "slow"),
      new ClusterFault("unreachable", "down"),
    ]);
    const result = await withRetry(op.run, {
      maxAttempts: 4,
      backoffMs: 10,
      random: () => 1,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(result).toBe("done");
    expect(op.calls()).toBe(4);
    expect(sleeps).toEqual([10, 20, 40]);
  });

  it("rethrows the last fault when attempts run out", async () => {
    const last = new ClusterFault("server", "still down");
    const op = flaky([new ClusterFault("server", "down"), last, new ClusterFault("server", "never reached")]);
    await expect(withRetry(op.run, { maxAttempts: 2, sleep: async () => undefined })).rejects.toBe(last);
    expect(op.calls()).toBe(2);
  });

  it.each(["auth", "forbidden", "not-found", "conflict", "invalid"] as const)(
    "does not retry a %s fault",
    async (kind) => {
      const op = flaky([new ClusterFault(kind, "no")]);
      await expect(withRetry(op.run, { sleep: async () => undefined })).rejects.toMatchObject({ kind });
      expect(op.calls()).toBe(1);
    },
  );

  it("does not retry errors that are not ClusterFaults", async () => {
    let calls = 0;
    const run = async () => {
      calls += 1;
      throw new TypeError("bug");
    };
    await expect(withRetry(run, { sleep: async () => undefined })).rejects.toThrow("bug");
    expect(calls).toBe(1);
  });
});
