import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import { experimentsChart } from "../../src/report/experiments-chart.ts";
import { renderExperimentsText } from "../../src/report/experiments-text.ts";
import { candidate, fraudGates, otherHoldout, production, trainingOf } from "./seed-scenario.ts";

describe("text output and chart", () => {
  it("names a not-comparable gate and both holdouts in words, with the reason under Why", () => {
    const c = compareRuns({
      candidate: { ...candidate, inputs: [...trainingOf(candidate), otherHoldout] },
      baseline: production,
      gates: fraudGates,
      baselineSource: "stage",
      baselineNote: "the Production stage holds version 5",
    });
    const text = renderExperimentsText("fraud-detection", c);
    expect(text).toMatch(/^fraud-detection: FAIL \(3 of 4 gates pass\)\n/);
    expect(text).toContain("Note: the Production stage holds version 5");
    expect(text).toMatch(/^roc_auc +0\.9512 +0\.9538 +\+0\.002600 \(\+0\.273%\) +NOT COMPARABLE +maximize/m);
    expect(text).toContain(
      "Why:\n  - roc_auc: not comparable: the candidate was evaluated on holdout-2026-q4 (digest 77aa01bc) and production on holdout-2026-q3 (digest 1e2f3a4b)\n",
    );
    expect(text).toContain(
      "Evaluation data: different — candidate holdout-2026-q4 (digest 77aa01bc, 48,000 rows); production holdout-2026-q3 (digest 1e2f3a4b, 50,000 rows).",
    );
    expect(text).not.toContain("[different]");
  });

  it("on a first deployment marks relative-only gates SKIPPED and says why", () => {
    const c = compareRuns({
      candidate,
      gates: [{ metric: "log_loss", goal: "minimize", vs: "production", maxDropRatio: 0.1 }],
      baselineSource: "none",
    });
    const text = renderExperimentsText("fraud-detection", c);
    expect(text).toContain("Baseline: no production version yet — first deployment: absolute gates only");
    expect(text).toMatch(
      /^log_loss +— +0\.1271 +— +SKIPPED +minimize drop ≤ 10% vs production — first deployment/m,
    );
  });

  it("charts each gated metric once and leaves out metrics the candidate lacks", () => {
    const c = compareRuns({
      candidate: { ...candidate, metrics: { precision: 0.9, recall: Number.NaN } },
      baseline: production,
      gates: [
        { metric: "precision", goal: "maximize", min: 0.5 },
        { metric: "precision", goal: "maximize", vs: "production" },
        { metric: "recall", goal: "maximize", min: 0.5 },
      ],
      baselineSource: "deploy-record",
    });
    const chart = experimentsChart("m", c) ?? "";
    expect(chart).toContain('x-axis ["precision"]');
    expect(chart).toContain("bar [0.8531]\n  bar [0.9]");
  });

  it("draws no chart when no gated metric has a value", () => {
    const c = compareRuns({
      candidate: { ...candidate, metrics: {} },
      gates: fraudGates,
      baselineSource: "none",
    });
    expect(experimentsChart("m", c)).toBeNull();
  });
});
