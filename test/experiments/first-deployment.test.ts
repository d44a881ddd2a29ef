import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import type { ModelGate } from "../../src/manifests/schemas/model.ts";
import { run } from "./runs.ts";

const gates: ModelGate[] = [
  { metric: "auc", goal: "maximize", min: 0.5, vs: "production", maxDrop: 0.125 },
  { metric: "loss", goal: "minimize", vs: "production", maxDropRatio: 0.25 },
];

describe("first deployment", () => {
  it("judges absolute bounds only and says so plainly", () => {
    const c = compareRuns({ candidate: run("c", { auc: 0.75, loss: 9 }), gates, baselineSource: "none" });
    expect(c.firstDeployment).toBe(true);
    expect(c.gates.map((g) => g.verdict)).toEqual(["pass", "skipped"]);
    expect(c.gates[1]?.reasons).toEqual(["first deployment: absolute gates only"]);
    expect(c.verdict).toBe("pass");
    expect(c.reasons).toEqual([
      "all 1 judged gate passes; 1 relative gate skipped (first deployment: absolute gates only)",
    ]);
    expect(c.baselineRun).toBeNull();
    expect(c.params).toEqual([]);
    expect(c.lineage.training.baseline).toBeNull();
    expect(c.lineage.evaluation.change).toBeNull();
    expect(c.gates.every((g) => g.comparability === null)).toBe(true);
  });

  it("still fails an absolute bound", () => {
    const c = compareRuns({ candidate: run("c", { auc: 0.25, loss: 1 }), gates, baselineSource: "none" });
    expect(c.gates[0]?.verdict).toBe("fail");
    expect(c.verdict).toBe("fail");
  });

  it("ignores a baseline passed with source none, so the source and the data cannot disagree", () => {
    const c = compareRuns({
      candidate: run("c", { auc: 0.75, loss: 9 }),
      baseline: run("p", { auc: 0.75, loss: 1 }),
      gates,
      baselineSource: "none",
    });
    expect(c.firstDeployment).toBe(true);
    expect(c.gates[1]?.verdict).toBe("skipped");
  });

  it("treats a missing baseline as a first deployment whatever the source says", () => {
    const c = compareRuns({ candidate: run("c", { auc: 0.75, loss: 9 }), gates, baselineSource: "alias" });
    expect(c.firstDeployment).toBe(true);
    expect(c.baselineSource).toBe("none");
  });
});
