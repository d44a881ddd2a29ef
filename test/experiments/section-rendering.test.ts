import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/experiments/compare.ts";
import { experimentsSection } from "../../src/report/experiments-section.ts";
import { renderExperimentsText } from "../../src/report/experiments-text.ts";
import { composeStickyComment } from "../../src/report/sticky-comment.ts";
import { expectGolden } from "../helpers/golden.ts";
import {
  candidate,
  fraudGates,
  otherHoldout,
  production,
  seedComparison,
  trainingOf,
} from "./seed-scenario.ts";

describe("experiments section", () => {
  it("on a first deployment shows no production column values, one chart series, and says so", () => {
    const c = compareRuns({ candidate, gates: fraudGates, baselineSource: "none" });
    const section = experimentsSection([{ model: "fraud-detection", comparison: c }]);
    expect(section.id).toBe("experiments");
    expect(section.body).toContain("first deployment: absolute gates only");
    expect(section.body.match(/^ {2}bar /gm)).toHaveLength(1);
    expect(section.body).toContain(
      "| — | 0.9538 | — | ✅ maximize ≥ 0.9, drop ≤ 0.005 vs production — first deployment:",
    );
    expectGolden("experiments/first-deployment.md", section.body);
  });

  it("marks gates evaluated on a different holdout ⚠️, names both datasets, and fails the model", () => {
    const c = compareRuns({
      candidate: { ...candidate, inputs: [...trainingOf(candidate), otherHoldout] },
      baseline: production,
      gates: fraudGates,
      baselineSource: "alias",
      baselineNote: "the champion alias points at version 6, but the last deploy record says 5",
    });
    const section = experimentsSection([{ model: "fraud-detection", comparison: c }]);
    expect(section.body).toContain(
      "| 0.9512 | 0.9538 | +0.002600 (+0.273%) | ⚠️ maximize ≥ 0.9, drop ≤ 0.005 vs production — not comparable:",
    );
    expect(section.body).toContain("#### ❌ **fraud-detection**");
    expect(section.body).toContain("> ⚠️ the champion alias points at version 6");
    expect(section.body).toContain(
      "Evaluation data: **different** — candidate `holdout-2026-q4` (digest `77aa01bc`, 48,000 rows); production `holdout-2026-q3` (digest `1e2f3a4b`, 50,000 rows).",
    );
    expectGolden("experiments/not-comparable.md", section.body);
  });

  it("escapes names that would break the table, the chart or the HTML", () => {
    const c = compareRuns({
      candidate: {
        runId: "c",
        metrics: { 'a|b"<x>`': 1 },
        params: { "p|q": "v`|<b>" },
        inputs: [{ name: "d`|<i>", digest: "d", context: "evaluation", rows: null }],
      },
      baseline: { runId: "p", metrics: { 'a|b"<x>`': 1 }, params: {}, inputs: [] },
      gates: [{ metric: 'a|b"<x>`', goal: "maximize", min: 0 }],
      baselineSource: "deploy-record",
    });
    const body = experimentsSection([{ model: "m<script>", comparison: c }]).body;
    expect(body).not.toMatch(/<x>|<b>|<script>/);
    expect(body).toContain("| `a\\|b\"&lt;x&gt;'` |");
    expect(body).toContain(`x-axis ["a|b''x''"]`);
    expect(body).toContain("| `p\\|q` | — | `v'\\|&lt;b&gt;` |");
    expect(body).toContain("candidate `d'\\|&lt;i&gt;` (digest `d`)");
  });

  it("renders several models in order, each with its own verdict, and a compact form listing failures only", () => {
    const failing = seedComparison({ metrics: { ...candidate.metrics, recall: 0.7 } });
    const section = experimentsSection([
      { model: "fraud-detection", comparison: failing },
      { model: "churn", comparison: seedComparison() },
    ]);
    expect(section.body.indexOf("**fraud-detection**")).toBeLessThan(section.body.indexOf("**churn**"));
    expect(section.compact).toBe(
      "### Experiments\n\n- ❌ **fraud-detection** — 3 of 4 gates pass\n  - recall: below the minimum 0.75\n- ✅ **churn** — 4 of 4 gates pass\n\nDetails are in the `slipway/gates` check run.",
    );
  });

  it("says so when no model changed", () => {
    expect(experimentsSection([]).body).toBe("### Experiments\nNo model changes.");
  });

  it("takes its place in the sticky comment", () => {
    const section = experimentsSection([{ model: "fraud-detection", comparison: seedComparison() }]);
    const comment = composeStickyComment("0123456789abcdef", [section], ["/slipway compare"]);
    expect(comment).toContain("### Experiments");
    expect(comment).toContain("```mermaid\nxychart-beta");
  });

  it("the Comparison is its own JSON: it survives a round trip unchanged", () => {
    const c = seedComparison();
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});

// Issue 15: runs that logged no datasets pass on the numbers, with a warning nobody can miss.
describe("experiments section without recorded evaluation data", () => {
  const unrecorded = (policy = {}) =>
    compareRuns({
      candidate: { ...candidate, inputs: [] },
      baseline: { ...production, inputs: [] },
      gates: fraudGates,
      baselineSource: "git",
      policy,
    });

  it("passes with the warning above the table, in the headline and beside the gate", () => {
    const section = experimentsSection([{ model: "fraud-detection", comparison: unrecorded() }]);
    expect(section.body).toContain(
      "#### ✅ **fraud-detection** — 4 of 4 gates pass · ⚠️ comparability unverified",
    );
    expect(section.body).toContain(
      '> ⚠️ **Comparability unverified.** Neither run recorded evaluation data, so roc_auc was judged on the numbers alone: the two runs may have been evaluated on different data. Record it in the training script: `mlflow.log_input(dataset, context="evaluation")`',
    );
    expect(section.body).toContain("Evaluation data: recorded by neither run.");
    expect(section.body).toContain("Training data: recorded by neither run.");
    expect(section.body).not.toMatch(/\*\*different\*\*|\[different\]|digests differ/);
    expect(section.compact).toContain("⚠️ comparability unverified");
    expectGolden("experiments/unverified.md", section.body);
    expectGolden("experiments/unverified.txt", renderExperimentsText("fraud-detection", unrecorded()));
  });

  it("fails as not comparable under policy.evidence.requireEvaluationData, with the same line to fix it", () => {
    const section = experimentsSection([
      { model: "fraud-detection", comparison: unrecorded({ requireEvaluationData: true }) },
    ]);
    expect(section.body).toContain("#### ❌ **fraud-detection** — 3 of 4 gates pass");
    expect(section.body).toContain("> ❌ **Evaluation data required.**");
    expect(section.body).toContain('`mlflow.log_input(dataset, context="evaluation")`');
  });

  it("heads the baseline column with what --against named", () => {
    const c = compareRuns({
      candidate,
      baseline: production,
      gates: fraudGates,
      baselineSource: "against",
      baselineLabel: "version 6",
    });
    const body = experimentsSection([{ model: "fraud-detection", comparison: c }]).body;
    expect(body).toContain("| metric | version 6 | candidate | Δ | gate |");
    expect(body).toContain("Baseline: version 6, named with --against (not the gate's baseline).");
    expect(body).toContain("Runs: version 6 `8c1d2e3f`");
    expect(body).toContain('title "fraud-detection: version 6 (first bar) vs candidate"');
    expect(renderExperimentsText("fraud-detection", c)).toMatch(/^metric +version 6 +candidate +delta/m);
  });
});
