import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import type { ModelGate } from "../../src/manifests/schemas/model.ts";
import { run } from "./runs.ts";

const relative: ModelGate = { metric: "m", goal: "maximize", vs: "production", maxDrop: 0.5 };

function compare(candidateDigests: string[], baselineDigests: string[], gates: ModelGate[] = [relative]) {
  return compareRuns({
    candidate: run("c", { m: 0.75 }, { datasetDigests: candidateDigests }),
    baseline: run("p", { m: 0.5 }, { datasetDigests: baselineDigests }),
    gates,
    baselineSource: "deploy-record",
  });
}

describe("relative gates need the same evaluation data", () => {
  it("are not comparable when the dataset digests differ, and the comparison fails", () => {
    const c = compare(["aaa"], ["bbb"]);
    expect(c.gates[0]?.verdict).toBe("not-comparable");
    expect(c.gates[0]?.reasons).toEqual([
      "not comparable: the runs were evaluated on different dataset digests",
    ]);
    expect(c.verdict).toBe("fail");
    expect(c.lineage.sameDigests).toBe(false);
  });

  it("still report production's value and the deltas, for the reviewer to read", () => {
    expect(compare(["aaa"], ["bbb"]).gates[0]).toMatchObject({ baseline: 0.5, candidate: 0.75, delta: 0.25 });
  });

  it("are not comparable when a run logged no digest", () => {
    const c = compare([], ["bbb"]);
    expect(c.gates[0]?.verdict).toBe("not-comparable");
    expect(c.gates[0]?.reasons[0]).toMatch(/logged no dataset digest/);
  });

  it("compare digests as sets: order and repeats do not matter", () => {
    const c = compare(["b", "a", "a"], ["a", "b"]);
    expect(c.gates[0]?.verdict).toBe("pass");
    expect(c.lineage.sameDigests).toBe(true);
    expect(c.lineage.candidate.digests).toEqual(["a", "b"]);
  });

  it("still judge absolute gates, which need no baseline", () => {
    const c = compare(["aaa"], ["bbb"], [{ metric: "m", goal: "maximize", min: 0.5 }]);
    expect(c.gates[0]?.verdict).toBe("pass");
    expect(c.verdict).toBe("pass");
  });

  it("report an absolute failure as a failure, with the comparability reason beside it", () => {
    const c = compare(["aaa"], ["bbb"], [{ ...relative, min: 0.875 }]);
    expect(c.gates[0]?.verdict).toBe("fail");
    expect(c.gates[0]?.reasons).toHaveLength(2);
  });
});
