import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import type { ModelGate } from "../../src/manifests/schemas/model.ts";
import { run } from "./runs.ts";

// A drop is a regression in the gate's direction; a drop equal to the tolerance passes. Production is
// 0.5 and tolerances are dyadic, so the boundaries are exact in binary floating point.
function verdict(gate: ModelGate, candidate: number, production = 0.5): string | undefined {
  const c = compareRuns({
    candidate: run("c", { m: candidate }),
    baseline: run("p", { m: production }),
    gates: [gate],
    baselineSource: "deploy-record",
  });
  return c.gates[0]?.verdict;
}

const eps = 2 ** -30;

describe("relative gates: maxDrop (metric units)", () => {
  it.each([
    ["maximize", 0.375, "pass"],
    ["maximize", 0.375 - eps, "fail"],
    ["maximize", 0.375 + eps, "pass"],
    ["maximize", 0.75, "pass"],
    ["minimize", 0.625, "pass"],
    ["minimize", 0.625 + eps, "fail"],
    ["minimize", 0.625 - eps, "pass"],
    ["minimize", 0.25, "pass"],
  ] as const)("goal %s, production 0.5, maxDrop 0.125, candidate %s → %s", (goal, value, expected) => {
    expect(verdict({ metric: "m", goal, vs: "production", maxDrop: 0.125 }, value)).toBe(expected);
  });
});

describe("relative gates: maxDropRatio (fraction of production)", () => {
  it.each([
    ["maximize", 0.375, "pass"],
    ["maximize", 0.375 - eps, "fail"],
    ["minimize", 0.625, "pass"],
    ["minimize", 0.625 + eps, "fail"],
  ] as const)("goal %s, production 0.5, maxDropRatio 0.25, candidate %s → %s", (goal, value, expected) => {
    expect(verdict({ metric: "m", goal, vs: "production", maxDropRatio: 0.25 }, value)).toBe(expected);
  });

  it("scales by |production|, so a negative metric (log-likelihood) still allows a drop", () => {
    const gate: ModelGate = { metric: "m", goal: "maximize", vs: "production", maxDropRatio: 0.25 };
    expect(verdict(gate, -2.5, -2)).toBe("pass");
    expect(verdict(gate, -2.5 - eps, -2)).toBe("fail");
  });

  it("allows no drop at all when production's value is 0", () => {
    const gate: ModelGate = { metric: "m", goal: "minimize", vs: "production", maxDropRatio: 0.5 };
    expect(verdict(gate, 0, 0)).toBe("pass");
    expect(verdict(gate, eps, 0)).toBe("fail");
  });
});

describe("relative gates: vs production without a tolerance", () => {
  it("means no worse than production", () => {
    const gate: ModelGate = { metric: "m", goal: "maximize", vs: "production" };
    expect(verdict(gate, 0.5)).toBe("pass");
    expect(verdict(gate, 0.5 - eps)).toBe("fail");
  });

  it("applies maxDrop and maxDropRatio together, the tighter one deciding", () => {
    const gate: ModelGate = {
      metric: "m",
      goal: "maximize",
      vs: "production",
      maxDrop: 0.25,
      maxDropRatio: 0.125,
    };
    expect(verdict(gate, 0.4375)).toBe("pass");
    expect(verdict(gate, 0.4375 - eps)).toBe("fail");
  });
});

describe("deltas", () => {
  it("reports absolute and relative delta, relative null when production is 0", () => {
    const gates: ModelGate[] = [{ metric: "m", goal: "maximize", vs: "production", maxDrop: 1 }];
    const c = compareRuns({
      candidate: run("c", { m: 0.75 }),
      baseline: run("p", { m: 0.5 }),
      gates,
      baselineSource: "alias",
    });
    expect(c.gates[0]).toMatchObject({ baseline: 0.5, candidate: 0.75, delta: 0.25, relativeDelta: 0.5 });
    const z = compareRuns({
      candidate: run("c", { m: 0.25 }),
      baseline: run("p", { m: 0 }),
      gates,
      baselineSource: "alias",
    });
    expect(z.gates[0]).toMatchObject({ delta: 0.25, relativeDelta: null });
  });
});

describe("decimal boundaries", () => {
  // 0.9512 − 0.9462 is 0.0050000000000000044 as doubles, a hair above 0.005: a reviewer who wrote
  // `maxDrop: 0.005` means a drop of exactly 0.005 to pass, so bounds forgive binary rounding.
  it("passes a drop exactly at a decimal tolerance, and fails one just beyond it", () => {
    const gate: ModelGate = { metric: "m", goal: "maximize", vs: "production", maxDrop: 0.005 };
    expect(0.9512 - 0.9462 > 0.005).toBe(true);
    expect(verdict(gate, 0.9462, 0.9512)).toBe("pass");
    expect(verdict(gate, 0.9461, 0.9512)).toBe("fail");
  });

  it("treats absolute bounds the same way", () => {
    expect(verdict({ metric: "m", goal: "maximize", min: 0.3 }, 0.1 + 0.2)).toBe("pass");
    expect(verdict({ metric: "m", goal: "minimize", max: 0.3 }, 0.1 + 0.2)).toBe("pass");
    expect(verdict({ metric: "m", goal: "maximize", min: 0.3 }, 0.2999)).toBe("fail");
  });
});
