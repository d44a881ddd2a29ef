import { describe, expect, it } from "vitest";
import { buildMonitorReport } from "../../src/drift/monitor-report/build-monitor-report.ts";
import { monitorSettings } from "../../src/drift/monitor-report/monitor-settings.ts";
import type { MonitorManifest } from "../../src/manifests/schemas/monitor.ts";
import { numberColumn, range, sources, stringColumn, table } from "./tables.ts";

const wave = (shift: number) => numberColumn(range(200, (i) => Math.sin(i) * 3 + shift));
const reference = table({
  a: wave(0),
  b: wave(0),
  c: wave(0),
  note: stringColumn(range(200, (i) => `n${i}`)),
});
const current = table({
  a: wave(5),
  b: wave(0.2),
  c: wave(0),
  note: stringColumn(range(200, (i) => `m${i}`)),
});

describe("a monitor report follows the Monitor's settings", () => {
  it("tests the declared columns only, in their order, with their own test and threshold", () => {
    const report = buildMonitorReport({
      reference,
      current,
      sources: sources(200, 200),
      settings: {
        columns: [{ name: "c" }, { name: "b", method: "wasserstein", threshold: 0.01 }, { name: "a" }],
        drift: { method: "psi", threshold: 100, datasetShare: 0.9 },
      },
    });
    const columns = report.drift.columns.map((c) => [c.name, c.test, c.threshold, c.drift]);
    expect(columns).toEqual([
      ["c", "psi", 100, false],
      ["b", "wasserstein", 0.01, true],
      ["a", "psi", 100, false],
    ]);
    expect(report.drift.dataset).toMatchObject({
      driftedColumns: 1,
      totalColumns: 3,
      driftShare: 0.9,
      drift: false,
    });
  });

  it("gives a column with its own method that method's default threshold, not the Monitor's", () => {
    const report = buildMonitorReport({
      reference,
      current,
      sources: sources(200, 200),
      settings: { columns: [{ name: "a", method: "ks" }], drift: { method: "psi", threshold: 100 } },
    });
    expect(report.drift.columns[0]).toMatchObject({ test: "ks", threshold: 0.05, drift: true });
  });

  it("reports declared columns that are missing or cannot be tested as located findings", () => {
    const report = buildMonitorReport({
      reference,
      current,
      sources: sources(200, 200),
      settings: {
        columns: [
          { name: "ghost" },
          { name: "note", type: "numerical" },
          { name: "a", type: "datetime" },
          { name: "b" },
        ],
      },
    });
    expect(report.findings.map((f) => [f.code, f.column, f.severity])).toEqual([
      ["declared-column-absent", "ghost", "error"],
      ["drift-not-computed", "note", "error"],
    ]);
    expect(report.findings[0]?.message).toBe(
      "column 'ghost' is declared in the Monitor but not in either dataset",
    );
    expect(report.findings[1]?.message).toBe(
      "column 'note' holds text, so it cannot be treated as numerical",
    );
    expect(report.drift.columns.map((c) => [c.name, c.test, c.skipped])).toEqual([
      ["a", null, "datetime column"],
      ["b", "ks", undefined],
    ]);
  });

  it("reads a validated Monitor manifest", () => {
    const manifest = {
      apiVersion: "slipway.dev/v1alpha1",
      kind: "Monitor",
      metadata: { name: "fraud-detection-drift" },
      spec: {
        model: "fraud-detection",
        reference: { integration: "lake", path: "s3://b/ref.parquet", format: "parquet" },
        current: { integration: "lake", path: "s3://b/cur.parquet", format: "parquet" },
        drift: { method: "auto", datasetShare: 0.5 },
        quality: { maxMissingShare: 0.05, newCategories: "warning", schemaChanges: "error" },
        classification: { target: "y", prediction: "p", positiveLabel: 1 },
        schedule: "0 6 * * 1",
      },
    } as MonitorManifest;
    const settings = monitorSettings(manifest);
    expect(settings).toEqual({
      name: "fraud-detection-drift",
      drift: { method: "auto", datasetShare: 0.5 },
      quality: { maxMissingShare: 0.05, newCategories: "warning", schemaChanges: "error" },
      classification: { target: "y", prediction: "p", positiveLabel: 1 },
    });
  });

  it("masks credentials in dataset URLs and gives the same report for the same input", () => {
    const input = {
      reference,
      current,
      sources: {
        reference: { path: "https://alice:s3cr3t@lake.example/ref.csv", rows: 200 },
        current: { path: "s3://bucket/cur.csv", rows: 200 },
      },
    };
    const first = buildMonitorReport(input);
    expect(first.reference.path).toBe("https://***@lake.example/ref.csv");
    expect(JSON.stringify(first)).not.toContain("s3cr3t");
    expect(JSON.stringify(buildMonitorReport(input))).toBe(JSON.stringify(first));
  });
});
