import { describe, expect, it } from "vitest";
import { candidateVersion, type VersionFacts } from "../../src/plan/retrain-candidate.ts";

const KFP_START = Date.parse("2026-12-07T07:00:00Z");
const version = (
  n: number,
  run: Partial<NonNullable<VersionFacts["run"]>> & { id?: string } = {},
  status = "READY",
): VersionFacts => ({
  version: String(n),
  status,
  runId: run.id ?? `run-${n}`,
  run: {
    experimentId: run.experimentId ?? "4",
    startTime: run.startTime === undefined ? KFP_START + 60_000 : run.startTime,
    parentRunId: run.parentRunId ?? null,
  },
});
const query = { pluginRunId: null, experimentId: "4", startedAtMs: KFP_START, currentVersion: "7" };

describe("which version a retrain produced", () => {
  it("takes the version registered from a task run nested under the plugin's parent run", () => {
    const versions = [
      version(7, { startTime: 0 }),
      version(8, { parentRunId: "parent" }),
      version(9, { experimentId: "5" }),
    ];
    expect(candidateVersion(versions, { ...query, pluginRunId: "parent" })).toEqual({
      version: versions[1],
      how: "plugin",
    });
  });

  it("without the plugin, takes the newest READY version of the experiment started after the KFP run", () => {
    const versions = [
      version(7, { startTime: KFP_START - 86_400_000 }),
      version(8),
      version(9, {}, "PENDING_REGISTRATION"),
      version(10, { experimentId: "5" }),
    ];
    expect(candidateVersion(versions, query)).toEqual({ version: versions[1], how: "experiment" });
  });

  it("allows five seconds of clock skew between KFP and MLflow, not more", () => {
    expect(candidateVersion([version(8, { startTime: KFP_START - 4_000 })], query)).toMatchObject({
      how: "experiment",
    });
    expect(candidateVersion([version(8, { startTime: KFP_START - 6_000 })], query)).toEqual({
      none: "no READY version was registered from a run of the Pipeline's MLflow experiment started after the KFP run",
    });
  });

  it("says a version still being registered", () => {
    expect(candidateVersion([version(8, {}, "PENDING_REGISTRATION")], query)).toEqual({
      none: "its version is still being registered (PENDING_REGISTRATION)",
    });
  });

  it("refuses a version that is not newer than git's", () => {
    expect(candidateVersion([version(7)], query)).toEqual({
      none: "the newest version it registered, 7, is not newer than version 7 that git declares",
    });
  });

  it("trusts the plugin's report: a version of the experiment not registered from its run is not taken", () => {
    expect(candidateVersion([version(8)], { ...query, pluginRunId: "abc" })).toEqual({
      none: "no READY version was registered from the MLflow run `abc` KFP's MLflow plugin reported, or from its task runs",
    });
  });
});
