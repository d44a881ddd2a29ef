import { describe, expect, it } from "vitest";
import { binaryRows, matchesLabel } from "../../src/drift/classification/binary-labels.ts";
import { classificationQuality } from "../../src/drift/classification/classification-quality.ts";
import { binaryMetrics, confusion } from "../../src/drift/classification/confusion.ts";
import { numberColumn, stringColumn, table } from "../drift-quality/tables.ts";

// A hand-worked case: 10 rows, 4 positives.
//   target      1 1 1 1 0 0 0 0 0 0
//   prediction  1 1 1 0 1 0 0 0 0 1   → TP 3, FN 1, FP 2, TN 4
//   score      .9 .8 .4 .3 .8 .1 .2 .3 .05 .7
// precision 3/5, recall 3/4, f1 2·3/(2·3+2+1) = 2/3, accuracy 7/10.
// ROC AUC: per positive, negatives scored lower plus half the ties: 6 + 5.5 + 4 + 3.5 = 19 of 4·6 pairs.
const target = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
const prediction = [1, 1, 1, 0, 1, 0, 0, 0, 0, 1];
const score = [0.9, 0.8, 0.4, 0.3, 0.8, 0.1, 0.2, 0.3, 0.05, 0.7];

const hand = table({
  y: numberColumn(target, true),
  p: numberColumn(prediction, true),
  s: numberColumn(score),
});

describe("binary classification metrics", () => {
  it("match the hand-computed confusion counts and metrics", () => {
    const { report, findings } = classificationQuality(hand, hand, {
      target: "y",
      prediction: "p",
      score: "s",
    });
    expect(findings).toEqual([]);
    expect(report.task).toBe("binary");
    expect(report.labels).toEqual(["0", "1"]);
    expect(report.reference).toMatchObject({
      rows: 10,
      excludedRows: 0,
      confusion: { tp: 3, fp: 2, fn: 1, tn: 4 },
      matrix: {
        labels: ["0", "1"],
        counts: [
          [4, 2],
          [1, 3],
        ],
      },
      precision: 3 / 5,
      recall: 3 / 4,
      f1: 2 / 3,
      accuracy: 7 / 10,
      tpr: 3 / 4,
      tnr: 4 / 6,
      fpr: 2 / 6,
      fnr: 1 / 4,
      rocAuc: 19 / 24,
      rocAucRows: 10,
    });
    // −mean(ln p) over positives and −mean(ln(1 − p)) over negatives.
    const loss =
      -(
        Math.log(0.9) +
        Math.log(0.8) +
        Math.log(0.4) +
        Math.log(0.3) +
        Math.log(0.2) +
        Math.log(0.9) +
        Math.log(0.8) +
        Math.log(0.7) +
        Math.log(0.95) +
        Math.log(0.3)
      ) / 10;
    expect(report.reference?.logLoss).toBeCloseTo(loss, 14);
    expect(report.reference?.classes).toEqual([
      { label: "0", precision: 4 / 5, recall: 4 / 6, f1: 8 / 11, support: 6, predicted: 5 },
      { label: "1", precision: 3 / 5, recall: 3 / 4, f1: 6 / 9, support: 4, predicted: 5 },
    ]);
    expect(report.deltas).toEqual({
      accuracy: 0,
      precision: 0,
      recall: 0,
      f1: 0,
      rocAuc: 0,
      logLoss: 0,
      tpr: 0,
      tnr: 0,
      fpr: 0,
      fnr: 0,
    });
    expect(report.tests.map((t) => [t.metric, t.verdict])).toEqual(report.metrics.map((m) => [m, "pass"]));
  });

  it("computes deltas as current − reference", () => {
    const better = table({
      y: numberColumn(target, true),
      p: numberColumn(target, true),
      s: numberColumn([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0]),
    });
    const { report } = classificationQuality(hand, better, { target: "y", prediction: "p", score: "s" });
    expect(report.current).toMatchObject({ precision: 1, recall: 1, f1: 1, accuracy: 1, rocAuc: 1 });
    expect(report.deltas.precision).toBeCloseTo(0.4, 15);
    expect(report.deltas.recall).toBeCloseTo(0.25, 15);
    expect(report.deltas.rocAuc).toBeCloseTo(5 / 24, 15);
  });

  it("gives 0 for a ratio with nothing to divide, as scikit-learn's default zero_division", () => {
    const none = confusion(Uint8Array.from([0, 0, 0]), Uint8Array.from([0, 0, 0]));
    expect(none).toEqual({ tp: 0, fp: 0, fn: 0, tn: 3 });
    expect(binaryMetrics(none)).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
      accuracy: 1,
      tpr: 0,
      tnr: 1,
      fpr: 0,
      fnr: 0,
    });
  });

  it("reads string labels with a positive label and leaves rows without labels out", () => {
    const t = table({
      y: stringColumn(["yes", "no", "yes", null, "no", "yes"]),
      p: stringColumn(["yes", "yes", "no", "yes", "no", null]),
    });
    const { report } = classificationQuality(t, t, { target: "y", prediction: "p", positiveLabel: "yes" });
    expect(report.reference).toMatchObject({
      rows: 4,
      excludedRows: 2,
      confusion: { tp: 1, fp: 1, fn: 1, tn: 1 },
      rocAuc: null,
      rocAucRows: null,
    });
  });

  it("matches a number label to equal numbers and a boolean label to true/false or 1/0", () => {
    expect(matchesLabel("1", 1)).toBe(true);
    expect(matchesLabel("1.0", 1)).toBe(true);
    expect(matchesLabel("01", 1)).toBe(true);
    expect(matchesLabel("", 0)).toBe(false);
    expect(matchesLabel("yes", 1)).toBe(false);
    expect(matchesLabel("True", true)).toBe(true);
    expect(matchesLabel("false", true)).toBe(false);
    expect(matchesLabel("1", true)).toBe(true);
    expect(matchesLabel("0", false)).toBe(true);
    expect(matchesLabel("1", "1.0")).toBe(false);
    const rows = binaryRows(stringColumn(["True", "False", "True"]), numberColumn([1, 0, 0], true), true);
    expect("rows" in rows && [...rows.rows.actual, ...rows.rows.predicted]).toEqual([1, 0, 1, 1, 0, 0]);
    expect("rows" in rows && rows.rows.labels).toEqual(["false", "true"]);
    const numbers = binaryRows(stringColumn(["1.0", "0", "1"]), numberColumn([1, 0, 2], true), 1);
    expect("problem" in numbers && numbers.problem).toBe(
      "labels are not binary: target and prediction hold 3 distinct values ('0', '1', '2')",
    );
  });
});
