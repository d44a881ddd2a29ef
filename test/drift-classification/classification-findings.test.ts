import { describe, expect, it } from "vitest";
import { classificationQuality } from "../../src/drift/classification/classification-quality.ts";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import { numberColumn, sources, stringColumn, table } from "../drift-quality/tables.ts";

const good = table({
  y: numberColumn([1, 0, 1, 0], true),
  p: numberColumn([1, 0, 0, 0], true),
  s: numberColumn([0.9, 0.1, 0.4, 0.3]),
});
const settings = { target: "y", prediction: "p", score: "s" };

describe("classification findings", () => {
  it("names a declared column missing from one sample and computes the other", () => {
    const current = table({ y: numberColumn([1, 0], true), s: numberColumn([0.5, 0.5]) });
    const { report, findings } = classificationQuality(good, current, settings);
    expect(findings).toEqual([
      {
        area: "classification",
        severity: "error",
        code: "classification-column-absent",
        column: "p",
        message: "column 'p' is not in the current data",
      },
    ]);
    expect(report.reference?.rocAuc).toBe(1);
    expect(report.current).toBeNull();
    expect(report.deltas.f1).toBeNull();
  });

  it("treats more than two labels as a multiclass task, and refuses an ID-like target", () => {
    const three = table({ y: stringColumn(["a", "b", "c"]), p: stringColumn(["a", "a", "a"]) });
    const two = table({ y: stringColumn(["a", "b"]), p: stringColumn(["a", "a"]) });
    const { report } = classificationQuality(three, two, {
      target: "y",
      prediction: "p",
      positiveLabel: "a",
    });
    expect(report.task).toBe("multiclass");
    expect(report.positiveLabel).toBeNull();
    expect(report.labels).toEqual(["a", "b", "c"]);
    expect(report.metrics).toEqual(["accuracy", "precision", "recall", "f1"]);
    expect(report.current?.matrix.counts).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    const ids = table({
      y: stringColumn(Array.from({ length: 60 }, (_, i) => `id-${i}`)),
      p: stringColumn(Array.from({ length: 60 }, () => "x")),
    });
    const refused = classificationQuality(ids, ids, { target: "y", prediction: "p" });
    expect(refused.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      [
        "too-many-labels",
        "error",
        "target and prediction hold more than 50 distinct labels: not a classification target",
      ],
    ]);
    expect(refused.report.reference).toBeNull();
  });

  it("asks for positiveLabel when the two labels do not include it", () => {
    const words = table({ y: stringColumn(["yes", "no"]), p: stringColumn(["no", "no"]) });
    const { findings } = classificationQuality(words, words, { target: "y", prediction: "p" });
    expect(findings.map((f) => [f.code, f.message])).toEqual([
      [
        "positive-label-not-found",
        "the positive label 1 is not one of the labels ('no', 'yes'); set classification.positiveLabel",
      ],
    ]);
  });

  it("refuses a text score column in the current data and warns when ROC AUC or log loss is undefined", () => {
    const textScore = table({
      y: numberColumn([1, 0], true),
      p: numberColumn([1, 0], true),
      s: stringColumn(["hi", "lo"]),
    });
    const oneClass = table({
      y: numberColumn([1, 1], true),
      p: numberColumn([1, 0], true),
      s: numberColumn([0.2, 1.9]),
    });
    const { findings, report } = classificationQuality(oneClass, textScore, settings);
    const stage = findings.filter((f) => !f.code.startsWith("classification-metric"));
    expect(stage.map((f) => [f.code, f.severity])).toEqual([
      ["roc-auc-undefined", "warning"],
      ["log-loss-undefined", "warning"],
      ["score-not-numeric", "error"],
    ]);
    expect(report.reference).toMatchObject({ rocAuc: null, rocAucRows: 2, logLoss: null, recall: 0.5 });
    expect(report.current?.rocAuc).toBeNull();
  });

  it("judges against a dummy model when the reference has no labelled rows", () => {
    const empty = table({ y: numberColumn([Number.NaN, 1], true), p: numberColumn([0, Number.NaN], true) });
    // Positive share 1/3: the dummy model's recall and TPR are 1/3, its TNR 2/3, its accuracy 2/3.
    const current = table({
      y: numberColumn([1, 1, 0, 0, 0, 0], true),
      p: numberColumn([1, 1, 0, 0, 0, 1], true),
    });
    const { findings, report } = classificationQuality(empty, current, { target: "y", prediction: "p" });
    expect(findings.map((f) => [f.code, f.severity])).toEqual([["reference-unlabelled", "info"]]);
    expect(report.reference).toBeNull();
    expect(report.tests.map((t) => [t.metric, t.kind, t.verdict])).toEqual([
      ["accuracy", "dummy", "pass"],
      ["precision", "dummy", "pass"],
      ["recall", "dummy", "pass"],
      ["f1", "dummy", "pass"],
      ["tpr", "dummy", "pass"],
      ["tnr", "dummy", "pass"],
      ["fpr", "dummy", "pass"],
      ["fnr", "dummy", "pass"],
    ]);
    expect(report.tests.find((t) => t.metric === "tnr")).toMatchObject({
      current: 0.75,
      dummy: 1 - 1 / 3,
      bound: "> 0.6667 (dummy model; the reference has no labels)",
    });
    // Predicting positive for every row: precision equals the positive share (the dummy's, and gt is
    // strict), TNR 0 is not above the dummy's 2/3.
    const always = table({
      y: numberColumn([1, 1, 0, 0, 0, 0], true),
      p: numberColumn([1, 1, 1, 1, 1, 1], true),
    });
    const failed = classificationQuality(empty, always, { target: "y", prediction: "p" });
    expect(failed.findings.filter((f) => f.severity === "error").map((f) => f.message)).toEqual([
      "accuracy 0.3333 fails > 0.6667 (dummy model; the reference has no labels)",
      "precision 0.3333 fails > 0.3333 (dummy model; the reference has no labels)",
      "TNR 0 fails > 0.6667 (dummy model; the reference has no labels)",
      "FPR 1 fails < 0.3333 (dummy model; the reference has no labels)",
    ]);
  });

  it("reports a current sample where no row has both labels", () => {
    const empty = table({ y: numberColumn([Number.NaN, 1], true), p: numberColumn([0, Number.NaN], true) });
    const { findings } = classificationQuality(good, empty, { target: "y", prediction: "p" });
    expect(findings.map((f) => f.code)).toEqual(["no-labelled-rows"]);
  });

  it("fails the classification condition of the monitor report on an error, not on a warning", () => {
    const broken = buildMonitorReport({
      reference: good,
      current: table({ y: numberColumn([1, 0, 1, 0], true), s: numberColumn([1, 2, 3, 4]) }),
      sources: sources(4, 4),
      settings: { classification: settings },
    });
    expect(broken.status.classificationFailed).toBe(true);
    const fine = buildMonitorReport({
      reference: good,
      current: good,
      sources: sources(4, 4),
      settings: { classification: settings },
    });
    expect(fine.status.classificationFailed).toBe(false);
    expect(fine.classification?.current?.f1).toBeCloseTo(2 / 3, 15);
  });

  it("takes a reference without the model's columns (training data) as expected, not as a schema change", () => {
    const training = table({
      x: numberColumn([1, 2, 3, 4, 5, 6]),
      y: numberColumn([1, 1, 0, 0, 0, 0], true),
    });
    const scored = table({
      x: numberColumn([1, 2, 3, 4, 5, 6]),
      y: numberColumn([1, 1, 0, 0, 0, 0], true),
      p: numberColumn([1, 1, 0, 0, 0, 1], true),
      s: numberColumn([0.9, 0.8, 0.1, 0.2, 0.3, 0.6]),
    });
    const report = buildMonitorReport({
      reference: training,
      current: scored,
      sources: sources(6, 6),
      settings: { classification: settings },
    });
    expect(report.findings.map((f) => [f.area, f.code, f.severity, f.message])).toEqual([
      [
        "schema",
        "column-added",
        "info",
        "column 'p' is new in the current data (integer (categorical)); it is a classification column the reference does not have",
      ],
      [
        "schema",
        "column-added",
        "info",
        "column 's' is new in the current data (float (numerical)); it is a classification column the reference does not have",
      ],
      [
        "classification",
        "reference-unlabelled",
        "info",
        "the reference data has no 'p', 's' columns: the metrics are judged against a dummy model",
      ],
    ]);
    expect(report.status.verdict).toBe("pass");
    expect(report.classification?.tests.every((t) => t.kind === "dummy" && t.verdict === "pass")).toBe(true);
  });
});
