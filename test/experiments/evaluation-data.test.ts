import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import { roleOf } from "../../src/experiments/dataset-roles.ts";
import type { ComparisonInput, DatasetRef } from "../../src/experiments/types.ts";
import type { ModelGate } from "../../src/manifests/schemas/model.ts";
import { evaluation, input, run } from "./runs.ts";

const relative: ModelGate = { metric: "m", goal: "maximize", vs: "production", maxDrop: 0.5 };

function compare(
  candidateInputs: DatasetRef[],
  baselineInputs: DatasetRef[],
  extra: Partial<ComparisonInput> = {},
) {
  return compareRuns({
    candidate: run("c", { m: 0.75 }, { inputs: candidateInputs }),
    baseline: run("p", { m: 0.5 }, { inputs: baselineInputs }),
    gates: [relative],
    baselineSource: "deploy-record",
    ...extra,
  });
}

// Issue 15: relative gates need the same *evaluation* data; training data is lineage.
describe("relative gates and the evaluation data", () => {
  it("pass a retrained candidate: new training data, the same holdout", () => {
    const c = compare(
      [input("tx-2026-11", "t2", "training"), evaluation("h1")],
      [input("tx-2026-10", "t1", "training"), evaluation("h1")],
    );
    expect(c.gates[0]).toMatchObject({
      verdict: "pass",
      reasons: [],
      comparability: { basis: "run-inputs", status: "same" },
    });
    expect(c.verdict).toBe("pass");
    expect(c.warnings).toEqual([]);
    expect(c.lineage.training.change).toBe("changed");
    expect(c.lineage.evaluation.change).toBe("same");
  });

  it("are not comparable on a different holdout, naming both datasets, and the comparison fails", () => {
    const c = compare([evaluation("h2", "holdout-b")], [evaluation("h1", "holdout-a")]);
    expect(c.gates[0]?.verdict).toBe("not-comparable");
    expect(c.gates[0]?.reasons).toEqual([
      "not comparable: the candidate was evaluated on holdout-b (digest h2) and production on holdout-a (digest h1)",
    ]);
    expect(c.verdict).toBe("fail");
    expect(c.gates[0]).toMatchObject({ baseline: 0.5, candidate: 0.75, delta: 0.25 });
  });

  it("are judged on the numbers with a warning when neither run recorded evaluation data", () => {
    const c = compare([], []);
    expect(c.gates[0]).toMatchObject({ verdict: "pass", comparability: { status: "unverified" } });
    expect(c.gates[0]?.reasons).toEqual(["comparability unverified: no recorded evaluation data to match"]);
    expect(c.verdict).toBe("pass");
    expect(c.reasons).toEqual(["all 1 judged gate passes (comparability unverified)"]);
    expect(c.warnings).toEqual([
      {
        code: "comparability-unverified",
        message:
          "Neither run recorded evaluation data, so m was judged on the numbers alone: the two runs may have been evaluated on different data.",
        remedy: 'mlflow.log_input(dataset, context="evaluation")',
      },
    ]);
  });

  it("still fail on the numbers when evaluation data is unrecorded, with the note beside the failure", () => {
    const c = compareRuns({
      candidate: run("c", { m: 0.25 }, { inputs: [] }),
      baseline: run("p", { m: 0.875 }, { inputs: [] }),
      gates: [relative],
      baselineSource: "deploy-record",
    });
    expect(c.gates[0]?.verdict).toBe("fail");
    expect(c.gates[0]?.reasons).toEqual([
      "regressed by more than 0.5 against production",
      "comparability unverified: no recorded evaluation data to match",
    ]);
  });

  it("are not comparable without recorded evaluation data when the policy requires it", () => {
    const c = compare([], [], { policy: { requireEvaluationData: true } });
    expect(c.gates[0]?.verdict).toBe("not-comparable");
    expect(c.gates[0]?.reasons).toEqual([
      "not comparable: the policy requires recorded evaluation data (policy.evidence.requireEvaluationData) and neither run recorded evaluation data",
    ]);
    expect(c.verdict).toBe("fail");
    expect(c.requireEvaluationData).toBe(true);
    expect(c.warnings[0]?.code).toBe("evaluation-data-required");
    expect(c.warnings[0]?.remedy).toBe('mlflow.log_input(dataset, context="evaluation")');
  });

  it("say which run recorded none when only one did", () => {
    expect(compare([evaluation("h1")], []).warnings[0]?.message).toMatch(
      /^The production run recorded no evaluation data, so m was judged/,
    );
    expect(compare([], [evaluation("h1")]).warnings[0]?.message).toMatch(
      /^The candidate run recorded no evaluation data/,
    );
    const against = compare([evaluation("h1")], [], {
      baselineSource: "against",
      baselineLabel: "version 6",
    });
    expect(against.warnings[0]?.message).toMatch(/^The run of version 6 recorded no evaluation data/);
  });

  it("never call unknown digests different: they are unverified", () => {
    const c = compare([evaluation(null, "h")], [evaluation("h1", "h")]);
    expect(c.lineage.evaluation.change).toBe("unknown");
    expect(c.gates[0]?.comparability?.status).toBe("unverified");
    expect(c.warnings[0]?.message).toMatch(/^The evaluation data was recorded without a digest/);
  });

  it("compare digests as sets: order and repeats do not matter", () => {
    const c = compare(
      [evaluation("b"), evaluation("a"), evaluation("a")],
      [evaluation("a"), evaluation("b")],
    );
    expect(c.gates[0]?.verdict).toBe("pass");
    expect(c.lineage.evaluation.candidate.map((d) => d.digest)).toEqual(["a", "b"]);
  });

  it("take untagged inputs as evaluation data only when they are the run's only inputs", () => {
    const untagged = compare([input("eval", "e1", null)], [input("eval", "e1", null)]);
    expect(untagged.gates[0]?.comparability?.status).toBe("same");
    expect(untagged.lineage.evaluation.untagged).toEqual({ candidate: true, baseline: true });
    const beside = compare(
      [input("tx", "t2", "training"), input("extra", "x1", null)],
      [input("tx", "t1", "training"), input("extra", "x2", null)],
    );
    expect(beside.lineage.evaluation.candidate).toEqual([]);
    expect(beside.lineage.other.candidate.map((d) => d.name)).toEqual(["extra"]);
    expect(beside.gates[0]?.comparability?.status).toBe("unverified");
  });

  it("read MLflow's context values, whatever their case", () => {
    expect(["evaluation", "eval", "Validation ", "test", "TESTING", "holdout"].map(roleOf)).toEqual(
      Array(6).fill("evaluation"),
    );
    expect(["training", "Train"].map(roleOf)).toEqual(["training", "training"]);
    expect(roleOf("inference")).toBe("other");
    expect(roleOf(null)).toBe("untagged");
    expect(roleOf(" ")).toBe("untagged");
  });

  it("leave absolute gates alone, and keep both reasons when an absolute bound also fails", () => {
    const absolute = compare([evaluation("h2")], [evaluation("h1")], {
      gates: [{ metric: "m", goal: "maximize", min: 0.5 }],
    });
    expect(absolute.gates[0]).toMatchObject({ verdict: "pass", comparability: null });
    const both = compare([evaluation("h2")], [evaluation("h1")], { gates: [{ ...relative, min: 0.875 }] });
    expect(both.gates[0]?.verdict).toBe("fail");
    expect(both.gates[0]?.reasons).toHaveLength(2);
  });

  it("name the --against baseline in the reasons", () => {
    const c = compareRuns({
      candidate: run("c", { m: 0.25 }),
      baseline: run("p", { m: 0.875 }),
      gates: [relative],
      baselineSource: "against",
      baselineLabel: "version 6",
    });
    expect(c.gates[0]?.reasons).toEqual(["regressed by more than 0.5 against version 6"]);
    expect(c.baselineLabel).toBe("version 6");
  });
});

// MLflow 3 records a logged model's metric with the dataset it was computed on: the precise form.
describe("metrics recorded with their dataset (MLflow 3)", () => {
  const bound = (value: number, digest: string, name = "holdout") => ({
    key: "m",
    value,
    datasetName: name,
    datasetDigest: digest,
    step: 0,
    timestamp: 1,
  });

  it("match the gate on the dataset both sides computed it on, over the runs' inputs", () => {
    const c = compareRuns({
      candidate: run(
        "c",
        { m: 0.1 },
        { inputs: [], datasetMetrics: [bound(0.75, "h1"), bound(0.2, "x9", "other")] },
      ),
      baseline: run("p", { m: 0.9 }, { inputs: [], datasetMetrics: [bound(0.5, "h1")] }),
      gates: [relative],
      baselineSource: "deploy-record",
    });
    expect(c.gates[0]).toMatchObject({
      verdict: "pass",
      candidate: 0.75,
      baseline: 0.5,
      comparability: { basis: "dataset-metrics", status: "same" },
    });
    expect(c.warnings).toEqual([]);
  });

  it("are not comparable when the metric was computed on different datasets, naming both", () => {
    const c = compareRuns({
      candidate: run("c", { m: 0.75 }, { datasetMetrics: [bound(0.75, "h2", "holdout-b")] }),
      baseline: run("p", { m: 0.5 }, { datasetMetrics: [bound(0.5, "h1", "holdout-a")] }),
      gates: [relative],
      baselineSource: "deploy-record",
    });
    expect(c.gates[0]?.reasons).toEqual([
      "not comparable: the candidate's m was computed on holdout-b (digest h2) and production's on holdout-a (digest h1)",
    ]);
  });

  it("fall back to the runs' evaluation inputs when only one side recorded the metric's dataset", () => {
    const c = compareRuns({
      candidate: run("c", { m: 0.75 }, { datasetMetrics: [bound(0.75, "h9")] }),
      baseline: run("p", { m: 0.5 }),
      gates: [relative],
      baselineSource: "deploy-record",
    });
    expect(c.gates[0]?.comparability).toMatchObject({ basis: "run-inputs", status: "same" });
  });
});

describe("dataset names from MLflow in plain text", () => {
  it("never carry control characters into the terminal or a forged line", () => {
    const c = compare([evaluation("h2", "evil\u001b[2J\nFAKE: PASS")], [evaluation("h1", "holdout")]);
    expect(c.gates[0]?.reasons[0]).toBe(
      "not comparable: the candidate was evaluated on evil?[2J?FAKE: PASS (digest h2) and production on holdout (digest h1)",
    );
  });
});
