import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import type { ModelGate } from "../../src/manifests/schemas/model.ts";
import { run } from "./runs.ts";

// Absolute bounds are inclusive on both ends and compared exactly (no epsilon); dyadic values keep
// the boundary cases free of rounding.
function verdict(gate: ModelGate, value: number): string | undefined {
  const c = compareRuns({ candidate: run("c", { m: value }), gates: [gate], baselineSource: "none" });
  return c.gates[0]?.verdict;
}

describe("absolute gates", () => {
  it.each([
    ["maximize", 0.75, "pass"],
    ["maximize", 0.75 + 2 ** -20, "pass"],
    ["maximize", 0.75 - 2 ** -20, "fail"],
    ["minimize", 0.75, "pass"],
    ["minimize", 0.75 - 2 ** -20, "fail"],
  ] as const)("min 0.75, goal %s, value %s → %s", (goal, value, expected) => {
    expect(verdict({ metric: "m", goal, min: 0.75 }, value)).toBe(expected);
  });

  it.each([
    ["minimize", 0.25, "pass"],
    ["minimize", 0.25 - 2 ** -20, "pass"],
    ["minimize", 0.25 + 2 ** -20, "fail"],
    ["maximize", 0.25 + 2 ** -20, "fail"],
  ] as const)("max 0.25, goal %s, value %s → %s", (goal, value, expected) => {
    expect(verdict({ metric: "m", goal, max: 0.25 }, value)).toBe(expected);
  });

  it("checks min and max together and names each broken bound", () => {
    const c = compareRuns({
      candidate: run("c", { m: 2 }),
      gates: [{ metric: "m", goal: "minimize", min: 0, max: 1 }],
      baselineSource: "none",
    });
    expect(c.gates[0]?.verdict).toBe("fail");
    expect(c.gates[0]?.reasons).toEqual(["above the maximum 1"]);
    expect(c.verdict).toBe("fail");
    expect(c.reasons).toEqual(["m: above the maximum 1"]);
  });

  it("passes overall when every gate passes", () => {
    const c = compareRuns({
      candidate: run("c", { a: 0.9, b: 0.1 }),
      gates: [
        { metric: "a", goal: "maximize", min: 0.8 },
        { metric: "b", goal: "minimize", max: 0.2 },
      ],
      baselineSource: "none",
    });
    expect(c.verdict).toBe("pass");
    expect(c.gates.map((g) => g.verdict)).toEqual(["pass", "pass"]);
  });
});
