import { describe, expect, it } from "vitest";
import { classificationQuality } from "../../src/drift/classification/classification-quality.ts";
import type { TestSettings } from "../../src/drift/classification/classification-tests.ts";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import { sources } from "../drift-quality/tables.ts";
import { scoredSample } from "./scenarios.ts";

// The default tests (Evidently's ±20% of the reference) on generated scored samples of 20,000 rows:
// a stable model passes, a small change passes, a collapse fails naming each metric, its move and its
// bound; per-metric overrides replace the defaults.

const settings = { target: "y", prediction: "p", score: "s" };
const reference = scoredSample(1, 20_000);
const run = (current = scoredSample(2, 20_000), tests?: TestSettings) =>
  classificationQuality(reference, current, { ...settings, ...(tests ? { tests } : {}) });
const verdicts = (r: ReturnType<typeof run>) =>
  Object.fromEntries(r.report.tests.map((t) => [t.metric, t.verdict]));

describe("classification tests, Evidently's defaults", () => {
  it("pass a stable model (a second sample of the same population)", () => {
    const stable = run();
    expect(stable.findings).toEqual([]);
    expect(Object.values(verdicts(stable))).toEqual(Array(10).fill("pass"));
    for (const t of stable.report.tests) expect(t.kind).toBe("relative");
  });

  it("pass a model about 5% worse", () => {
    const slightly = run(scoredSample(3, 20_000, { separation: 0.46 }));
    const precision = slightly.report.tests.find((t) => t.metric === "precision");
    const change = ((precision?.current ?? 0) - (precision?.reference ?? 0)) / (precision?.reference ?? 1);
    expect(change).toBeLessThan(-0.03);
    expect(change).toBeGreaterThan(-0.1);
    expect(slightly.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("fail a collapsed model, naming each metric, its move and the bound it crossed", () => {
    const collapsed = run(scoredSample(4, 20_000, { separation: 0.05, lean: 0.1 }));
    expect(verdicts(collapsed)).toEqual({
      accuracy: "fail",
      precision: "fail",
      recall: "pass",
      f1: "fail",
      rocAuc: "fail",
      logLoss: "fail",
      tpr: "pass",
      tnr: "fail",
      fpr: "fail",
      fnr: "fail",
    });
    const messages = collapsed.findings.map((f) => `${f.severity} ${f.code}: ${f.message}`);
    expect(messages).toMatchInlineSnapshot(`
      [
        "error classification-metric-failed: accuracy 0.8145 → 0.4612 (−43.4%) fails ≥ 0.6516 (reference 0.8145 − 20%)",
        "error classification-metric-failed: precision 0.5197 → 0.2234 (−57%) fails ≥ 0.4158 (reference 0.5197 − 20%)",
        "error classification-metric-failed: F1 0.6334 → 0.3341 (−47.3%) fails ≥ 0.5067 (reference 0.6334 − 20%)",
        "error classification-metric-failed: ROC AUC 0.9298 → 0.5617 (−39.6%) fails ≥ 0.7439 (reference 0.9298 − 20%)",
        "error classification-metric-failed: log loss 0.3516 → 0.9698 (+176%) fails ≤ 0.4219 (reference 0.3516 + 20%)",
        "error classification-metric-failed: TNR 0.8154 → 0.4097 (−49.8%) fails ≥ 0.6523 (reference 0.8154 − 20%)",
        "error classification-metric-failed: FPR 0.1846 → 0.5903 (+220%) fails ≤ 0.2215 (reference 0.1846 + 20%)",
        "error classification-metric-failed: FNR 0.1892 → 0.3385 (+78.9%) fails ≤ 0.2271 (reference 0.1892 + 20%)",
      ]
    `);
  });

  it("warn, not fail, when a metric moves past its bound in the good direction", () => {
    const better = run(scoredSample(5, 20_000, { separation: 0.9 }));
    expect(better.findings.length).toBeGreaterThan(0);
    for (const f of better.findings) {
      expect(f.severity).toBe("warning");
      expect(f.code).toBe("classification-metric-improved");
    }
    expect(better.findings.map((f) => f.message)).toContain(
      "FPR 0.1846 → 0 (−100%) is past ≥ 0.1477 (reference 0.1846 − 20%) in the good direction: an improvement this large often means the labels or the data changed",
    );
  });

  it("fails the monitor: the classification condition and the verdict", () => {
    const report = buildMonitorReport({
      reference,
      current: scoredSample(4, 20_000, { separation: 0.05, lean: 0.1 }),
      sources: sources(20_000, 20_000),
      settings: { classification: settings, drift: { method: "auto", datasetShare: 1 } },
    });
    expect(report.status).toMatchObject({
      verdict: "fail",
      classificationFailed: true,
      qualityFailed: false,
    });
  });
});

describe("classification.tests overrides", () => {
  it("absolute min and max replace the relative test, bounds included", () => {
    const stable = run(undefined, {
      precision: { min: 0.95 },
      fpr: { max: 0.01 },
      accuracy: { min: 0, max: 1 },
    });
    const byMetric = Object.fromEntries(stable.report.tests.map((t) => [t.metric, t]));
    expect(byMetric.precision).toMatchObject({ kind: "absolute", verdict: "fail", min: 0.95, max: null });
    expect(byMetric.precision?.bound).toBe("≥ 0.95 (classification.tests.precision.min)");
    expect(byMetric.fpr).toMatchObject({ kind: "absolute", verdict: "fail" });
    expect(byMetric.fpr?.bound).toBe("≤ 0.01 (classification.tests.fpr.max)");
    expect(byMetric.accuracy).toMatchObject({
      verdict: "pass",
      bound: "0 … 1 (classification.tests.accuracy)",
    });
    expect(stable.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^precision 0\.\d+ → 0\.\d+ \([+−][\d.]+%\) fails ≥ 0\.95 \(classification\.tests\.precision\.min\)$/,
      ),
      expect.stringMatching(
        /^FPR 0\.\d+ → 0\.\d+ \([+−][\d.]+%\) fails ≤ 0\.01 \(classification\.tests\.fpr\.max\)$/,
      ),
    ]);
  });

  it("a relative tolerance of its own, and off", () => {
    const collapsed = scoredSample(4, 20_000, { separation: 0.05, lean: 0.1 });
    const loose = run(collapsed, {
      accuracy: { relative: 0.9 },
      precision: "off",
      f1: "off",
      rocAuc: "off",
      logLoss: "off",
      tnr: "off",
      fpr: "off",
      fnr: "off",
    });
    expect(loose.findings).toEqual([]);
    const accuracy = loose.report.tests.find((t) => t.metric === "accuracy");
    expect(accuracy?.bound).toMatch(
      /^≥ 0\.\d+ \(reference 0\.\d+ − 90%, classification\.tests\.accuracy\.relative\)$/,
    );
    const off = loose.report.tests.find((t) => t.metric === "precision");
    expect(off).toMatchObject({
      kind: "off",
      verdict: "not-tested",
      bound: "off (classification.tests.precision)",
    });
    // The metric is still computed and reported.
    expect(off?.current).toBeGreaterThan(0);
  });

  it("min together with relative: the worse verdict wins", () => {
    const stable = run(undefined, { recall: { relative: 0.2, min: 0.99 } });
    const recall = stable.report.tests.find((t) => t.metric === "recall");
    expect(recall).toMatchObject({ verdict: "fail", bound: "≥ 0.99 (classification.tests.recall.min)" });
  });
});
