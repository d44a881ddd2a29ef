import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import type { ModelGate } from "../../src/manifests/schemas/model.ts";
import { run } from "./runs.ts";

const absolute: ModelGate = { metric: "m", goal: "maximize", min: 0.5 };
const relative: ModelGate = { metric: "m", goal: "maximize", vs: "production", maxDrop: 0.5 };

describe("missing metrics fail closed", () => {
  it.each([
    ["absent", {}],
    ["NaN", { m: Number.NaN }],
    ["+Infinity", { m: Number.POSITIVE_INFINITY }],
    ["-Infinity", { m: Number.NEGATIVE_INFINITY }],
  ])("a candidate metric that is %s is missing, and the comparison fails", (_, metrics) => {
    const c = compareRuns({ candidate: run("c", metrics), gates: [absolute], baselineSource: "none" });
    expect(c.gates[0]).toMatchObject({ verdict: "missing-metric", candidate: null, delta: null });
    expect(c.verdict).toBe("fail");
    expect(c.reasons).toEqual(["m: the candidate run logged no finite value"]);
  });

  it("a production run without the metric makes a relative gate missing, not passing", () => {
    const c = compareRuns({
      candidate: run("c", { m: 0.9 }),
      baseline: run("p", { m: Number.NaN }),
      gates: [relative],
      baselineSource: "deploy-record",
    });
    expect(c.gates[0]).toMatchObject({ verdict: "missing-metric", baseline: null, candidate: 0.9 });
    expect(c.verdict).toBe("fail");
  });

  it("an absolute failure outranks a missing production value, keeping both reasons", () => {
    const c = compareRuns({
      candidate: run("c", { m: 0.25 }),
      baseline: run("p", {}),
      gates: [{ ...relative, min: 0.5 }],
      baselineSource: "deploy-record",
    });
    expect(c.gates[0]?.verdict).toBe("fail");
    expect(c.gates[0]?.reasons).toEqual([
      "below the minimum 0.5",
      "the production run logged no finite value",
    ]);
  });

  it("leaves a non-finite metric out of the ungated metrics", () => {
    const c = compareRuns({
      candidate: run("c", { m: 1, loss: Number.NaN, acc: 0.5 }),
      baseline: run("p", { m: 1, loss: 0.25, acc: 0.25 }),
      gates: [absolute],
      baselineSource: "alias",
    });
    expect(c.otherMetrics.map((o) => o.metric)).toEqual(["acc"]);
  });
});
