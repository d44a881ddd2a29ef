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

  it("refuses labels that are not binary", () => {
    const three = table({ y: stringColumn(["a", "b", "c"]), p: stringColumn(["a", "a", "a"]) });
    const two = table({ y: stringColumn(["a", "b"]), p: stringColumn(["a", "a"]) });
    const { findings, report } = classificationQuality(three, two, {
      target: "y",
      prediction: "p",
      positiveLabel: "a",
    });
    expect(findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      [
        "labels-not-binary",
        "error",
        "reference data: labels are not binary: target and prediction hold 3 distinct values ('a', 'b', 'c')",
      ],
    ]);
    expect(report.reference).toBeNull();
    expect(report.current?.confusion).toEqual({ tp: 1, fp: 1, fn: 0, tn: 0 });
  });

  it("asks for positiveLabel when the two labels do not include it", () => {
    const words = table({ y: stringColumn(["yes", "no"]), p: stringColumn(["no", "no"]) });
    const { findings } = classificationQuality(words, words, { target: "y", prediction: "p" });
    expect(findings[0]?.message).toBe(
      "reference data: the positive label 1 is not one of the labels ('no', 'yes'); set classification.positiveLabel",
    );
  });

  it("refuses a text score column and warns when ROC AUC is undefined", () => {
    const textScore = table({
      y: numberColumn([1, 0], true),
      p: numberColumn([1, 0], true),
      s: stringColumn(["hi", "lo"]),
    });
    const oneClass = table({
      y: numberColumn([1, 1], true),
      p: numberColumn([1, 0], true),
      s: numberColumn([0.2, 0.9]),
    });
    const { findings, report } = classificationQuality(textScore, oneClass, settings);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ["score-not-numeric", "error"],
      ["roc-auc-undefined", "warning"],
    ]);
    expect(report.reference?.rocAuc).toBeNull();
    expect(report.current).toMatchObject({ rocAuc: null, rocAucRows: 2, recall: 0.5 });
  });

  it("reports a sample where no row has both labels", () => {
    const empty = table({ y: numberColumn([Number.NaN, 1], true), p: numberColumn([0, Number.NaN], true) });
    const { findings } = classificationQuality(empty, good, { target: "y", prediction: "p" });
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
});
