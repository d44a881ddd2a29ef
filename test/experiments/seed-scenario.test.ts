import { describe, expect, it } from "vitest";
import { experimentsSection } from "../../src/report/experiments-section.ts";
import { renderExperimentsText } from "../../src/report/experiments-text.ts";
import { expectGolden } from "../helpers/golden.ts";
import { fraudGates, seedComparison } from "./seed-scenario.ts";

const trackingUrl = "https://mlflow.example.com/";

describe("seed scenario: fraud-detection candidate vs production", () => {
  const passing = seedComparison();

  it("reads the four gates from the template", () => {
    expect(fraudGates.map((g) => g.metric)).toEqual(["precision", "recall", "f1", "roc_auc"]);
  });

  it("passes every gate, roc_auc judged against production", () => {
    expect(passing.verdict).toBe("pass");
    expect(passing.gates.map((g) => g.verdict)).toEqual(["pass", "pass", "pass", "pass"]);
    expect(passing.otherMetrics.map((m) => m.metric)).toEqual(["log_loss"]);
    expect(passing.params.map((p) => `${p.name}:${p.change}`)).toEqual([
      "feature_fraction:removed",
      "learning_rate:changed",
      "min_child_samples:added",
      "num_leaves:changed",
    ]);
  });

  it("renders the comment section and the text output", () => {
    const section = experimentsSection([{ model: "fraud-detection", comparison: passing }], { trackingUrl });
    expectGolden("experiments/fraud-detection-pass.md", section.body);
    expectGolden("experiments/fraud-detection-pass.compact.md", section.compact);
    expectGolden("experiments/fraud-detection-pass.txt", renderExperimentsText("fraud-detection", passing));
  });

  it("fails when roc_auc regresses by more than maxDrop, and says why", () => {
    const worse = seedComparison({
      metrics: { precision: 0.8702, recall: 0.7655, f1: 0.8145, roc_auc: 0.9401 },
    });
    expect(worse.verdict).toBe("fail");
    expect(worse.gates[3]?.verdict).toBe("fail");
    expect(worse.reasons).toEqual(["roc_auc: regressed by more than 0.005 against production"]);
    const section = experimentsSection([{ model: "fraud-detection", comparison: worse }], { trackingUrl });
    expectGolden("experiments/fraud-detection-fail.md", section.body);
    expectGolden("experiments/fraud-detection-fail.compact.md", section.compact);
    expectGolden("experiments/fraud-detection-fail.txt", renderExperimentsText("fraud-detection", worse));
  });
});
