import { describe, expect, it } from "vitest";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import type { MonitorSettings } from "../../src/drift/monitor-report/monitor-settings.ts";
import { numberColumn, range, sources, stringColumn, table } from "../drift-quality/tables.ts";

// Issue #17, item 2: the prediction, score and target columns are drift-tested by default, even when
// the Monitor's `columns` does not list them, unless `drift.exclude` does; their drift is its own
// finding, worded by what the model's output did.

const rows = 500;
/** `rate` of the rows positive, spread evenly. */
const flags = (rate: number) => range(rows, (i) => (i % 100 < rate * 100 ? 1 : 0));

const reference = table({
  x: numberColumn(range(rows, (i) => i % 50)),
  y: numberColumn(flags(0.1), true),
  p: numberColumn(flags(0.05), true),
  s: numberColumn(range(rows, (i) => (i % 10) / 10)),
});
const current = table({
  x: numberColumn(range(rows, (i) => i % 50)),
  y: numberColumn(flags(0.1), true),
  p: numberColumn(flags(0.12), true),
  s: numberColumn(range(rows, (i) => (i % 10) / 10 + 0.2)),
});

const settings = (extra: Partial<MonitorSettings> = {}): MonitorSettings => ({
  columns: [{ name: "x" }],
  drift: { method: "auto", datasetShare: 0.5 },
  classification: { target: "y", prediction: "p", score: "s" },
  ...extra,
});

const run = (s: MonitorSettings, cur = current) =>
  buildMonitorReport({ reference, current: cur, sources: sources(rows, rows), settings: s });

describe("prediction, score and target drift", () => {
  it("tests the model's columns after the listed ones and words their drift by what moved", () => {
    const report = run(settings());
    expect(report.drift.columns.map((c) => [c.name, c.test, c.drift])).toEqual([
      ["x", "ks", false],
      ["p", "z", true],
      ["s", "ks", true],
      ["y", "z", false],
    ]);
    const drift = report.findings.filter((f) => f.area === "drift" && f.code !== "dataset-drift");
    expect(drift.map((f) => [f.code, f.severity, f.column, f.message])).toEqual([
      [
        "prediction-drift",
        "warning",
        "p",
        expect.stringMatching(
          /^prediction drift: positive rate 5% → 12% in 'p' \(z p-value [\d.e-]+ < 0\.05\)$/,
        ),
      ],
      [
        "prediction-drift",
        "warning",
        "s",
        expect.stringMatching(/^score drift: mean 0\.45 → 0\.65 in 's' \(ks p-value [\d.e-]+ ≤ 0\.05\)$/),
      ],
    ]);
  });

  it("reports target drift as its own finding", () => {
    const shifted = table({ ...Object.fromEntries(current.columns), y: numberColumn(flags(0.25), true) });
    const report = run(
      settings({ drift: { method: "auto", datasetShare: 1, exclude: ["p", "s"] } }),
      shifted,
    );
    expect(report.drift.columns.map((c) => c.name)).toEqual(["x", "y"]);
    expect(report.findings.find((f) => f.code === "target-drift")?.message).toMatch(
      /^target drift: positive rate 10% → 25% in 'y' \(z p-value [\d.e-]+ < 0\.05\)$/,
    );
  });

  it("leaves out what drift.exclude names, listed or not", () => {
    const report = run(
      settings({ drift: { method: "auto", datasetShare: 0.5, exclude: ["x", "p", "s", "y"] } }),
    );
    expect(report.drift.columns).toEqual([]);
    expect(report.findings.filter((f) => f.area === "drift")).toEqual([]);
  });

  it("names the class whose share moved most for a multiclass prediction", () => {
    const labels = (shares: [string, number][]) =>
      stringColumn(
        range(rows, (i) => (shares.find(([, upTo]) => i % 100 < upTo * 100) as [string, number])[0]),
      );
    const ref = table({
      y: labels([
        ["a", 0.5],
        ["b", 0.8],
        ["c", 1],
      ]),
      p: labels([
        ["a", 0.5],
        ["b", 0.8],
        ["c", 1],
      ]),
    });
    const cur = table({
      y: labels([
        ["a", 0.5],
        ["b", 0.8],
        ["c", 1],
      ]),
      p: labels([
        ["a", 0.2],
        ["b", 0.8],
        ["c", 1],
      ]),
    });
    const report = buildMonitorReport({
      reference: ref,
      current: cur,
      sources: sources(rows, rows),
      settings: { classification: { target: "y", prediction: "p" } },
    });
    expect(report.findings.find((f) => f.code === "prediction-drift")?.message).toMatch(
      /^prediction drift: share of 'a' 50% → 20% in 'p' \(chisquare p-value [\d.e-]+ < 0\.05\)$/,
    );
  });
});
