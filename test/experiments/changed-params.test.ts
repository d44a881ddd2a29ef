import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import { evaluation, input, run } from "./runs.ts";

describe("changed hyperparameters and lineage", () => {
  const c = compareRuns({
    candidate: run(
      "c",
      {},
      {
        params: { lr: "0.05", depth: "8", seed: "1", new_flag: "on" },
        inputs: [input("tx-2026-10", "a1", "training"), evaluation("d1")],
      },
    ),
    baseline: run(
      "p",
      {},
      {
        params: { lr: "0.1", depth: "8", seed: "1", dropped: "x" },
        inputs: [input("tx-2026-09", "a0", "training"), evaluation("d1")],
      },
    ),
    gates: [],
    baselineSource: "stage",
    baselineNote: "the registry's Production stage holds version 5; git and the last deploy say 6",
  });

  it("lists added, removed and changed params by name; unchanged ones are left out", () => {
    expect(c.params).toEqual([
      { name: "dropped", change: "removed", baseline: "x", candidate: null },
      { name: "lr", change: "changed", baseline: "0.1", candidate: "0.05" },
      { name: "new_flag", change: "added", baseline: null, candidate: "on" },
    ]);
  });

  it("compares params as the strings MLflow logged", () => {
    const d = compareRuns({
      candidate: run("c", {}, { params: { lr: "0.10" } }),
      baseline: run("p", {}, { params: { lr: "0.1" } }),
      gates: [],
      baselineSource: "alias",
    });
    expect(d.params.map((p) => p.change)).toEqual(["changed"]);
  });

  it("keeps the training datasets as lineage, and the baseline note", () => {
    expect(c.lineage.training.candidate.map((d) => d.name)).toEqual(["tx-2026-10"]);
    expect(c.lineage.training.baseline?.map((d) => d.name)).toEqual(["tx-2026-09"]);
    expect(c.lineage.training.change).toBe("changed");
    expect(c.baselineNote).toMatch(/Production stage/);
    expect(c.baselineSource).toBe("stage");
  });

  it("passes with no gates and says there were none", () => {
    expect(c.verdict).toBe("pass");
    expect(c.reasons).toEqual(["the model declares no gates"]);
  });
});
