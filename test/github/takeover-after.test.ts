import { describe, expect, it } from "vitest";
import { healthTimeoutMs, takeoverAfterMs } from "../../src/github/deploy-ports-github.ts";

describe("the takeover delay of a dead executor's claim", () => {
  it("is the health timeout plus five minutes by default", () => {
    expect(takeoverAfterMs({})).toBe(600_000 + 300_000);
    expect(takeoverAfterMs({ SLIPWAY_HEALTH_TIMEOUT_SECONDS: "60" })).toBe(60_000 + 300_000);
    expect(healthTimeoutMs({ SLIPWAY_HEALTH_TIMEOUT_SECONDS: "60" })).toBe(60_000);
  });

  it("takes SLIPWAY_TAKEOVER_AFTER_SECONDS, never below the health wait of a live executor", () => {
    const env = { SLIPWAY_HEALTH_TIMEOUT_SECONDS: "20" };
    expect(takeoverAfterMs({ ...env, SLIPWAY_TAKEOVER_AFTER_SECONDS: "40" })).toBe(40_000);
    expect(takeoverAfterMs({ ...env, SLIPWAY_TAKEOVER_AFTER_SECONDS: "3" })).toBe(25_000);
  });

  it("falls back to the default for a value that is not a positive number of seconds", () => {
    for (const text of ["", "soon", "-5", "0", "Infinity"])
      expect(takeoverAfterMs({ SLIPWAY_TAKEOVER_AFTER_SECONDS: text })).toBe(900_000);
  });
});
