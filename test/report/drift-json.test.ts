import { describe, expect, it } from "vitest";
import { driftReportJson } from "../../src/drift/report-json.ts";
import { MONITOR_REPORT_VERSION, monitorReportJson } from "../../src/report/drift-json.ts";
import { expectGolden } from "../helpers/golden.ts";
import { fraudReport } from "./drift-scenario.ts";

describe("monitor report JSON", () => {
  const report = fraudReport();
  const json = monitorReportJson(report);
  const parsed = JSON.parse(json) as Record<string, unknown>;

  it("is the documented, versioned document (golden)", () => {
    expectGolden("drift-report/fraud.json", json);
    expect(parsed.kind).toBe("slipway.dev/MonitorReport");
    expect(parsed.version).toBe(MONITOR_REPORT_VERSION);
  });

  it("extends the drift JSON: its fields are there, unchanged", () => {
    const drift = JSON.parse(driftReportJson(report.drift, report.reference, report.current)) as Record<
      string,
      unknown
    >;
    for (const key of ["dataset", "reference", "current", "columns"]) expect(parsed[key]).toEqual(drift[key]);
  });

  it("puts the schema before quality, drift and classification", () => {
    const keys = Object.keys(parsed);
    const at = (k: string) => keys.indexOf(k);
    expect(at("schema")).toBeLessThan(at("quality"));
    expect(at("quality")).toBeLessThan(at("columns"));
    expect(at("columns")).toBeLessThan(at("classification"));
  });

  it("writes non-finite numbers as strings, as the drift JSON does", () => {
    // chi-square's statistic is infinite when the current data has categories the reference lacks.
    const plan = (parsed.columns as { name: string; statistic: unknown }[]).find((c) => c.name === "plan");
    expect(plan?.statistic).toBe("Infinity");
  });
});
