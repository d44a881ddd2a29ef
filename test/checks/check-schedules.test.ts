import { describe, expect, it } from "vitest";
import { edit, validateTemplate } from "../helpers/check-repo.ts";

const MONITOR = "monitors/fraud-detection-drift.yaml";
const PIPELINE = "pipelines/fraud-detection-retrain.yaml";
const VIEW = "features/customer-stats.yaml";

describe("schedules", () => {
  it("reports an invalid monitor schedule at its value, saying which field is wrong", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MONITOR, 'schedule: "0 6 * * 1"', "schedule: 0 25 * * 1"),
    );
    expect(found).toEqual([
      {
        file: MONITOR,
        line: 42,
        column: 13,
        severity: "error",
        code: "SLW150",
        message:
          "`spec.schedule` is not a valid cron schedule: field 2 (hour): `25` is not a valid hour (0–23)",
      },
    ]);
  });

  it("reports an invalid pipeline schedule (KFP takes 5 standard fields or its own 6)", async () => {
    const found = await validateTemplate((f) =>
      edit(f, PIPELINE, 'schedule: "0 3 1 * *"', "schedule: 0 0 3 1 * * *"),
    );
    expect(found).toEqual([
      {
        file: PIPELINE,
        line: 19,
        column: 13,
        severity: "error",
        code: "SLW150",
        message:
          "`spec.schedule` is not a valid cron schedule: a pipeline schedule has 5 fields (standard cron) or 6 (KFP's, seconds first), this one has 7",
      },
    ]);
  });

  it("accepts macros", async () => {
    const found = await validateTemplate((f) => {
      edit(f, PIPELINE, 'schedule: "0 3 1 * *"', "schedule: '@monthly'");
      edit(f, MONITOR, 'schedule: "0 6 * * 1"', "schedule: '@weekly'");
      edit(f, VIEW, 'schedule: "0 * * * *"', "schedule: '@hourly'");
    });
    expect(found).toEqual([]);
  });

  it("reports a schedule trigger on a pipeline without a schedule", async () => {
    const found = await validateTemplate((f) =>
      edit(f, PIPELINE, '  schedule: "0 3 1 * *"\n', "  # no schedule\n"),
    );
    expect(found).toEqual([
      {
        file: PIPELINE,
        line: 21,
        column: 11,
        severity: "error",
        code: "SLW150",
        message: "a schedule trigger needs `spec.schedule`",
      },
    ]);
  });

  it("reports a drift trigger without a monitor", async () => {
    const found = await validateTemplate((f) =>
      edit(f, PIPELINE, "      monitor: fraud-detection-drift\n", "      # no monitor\n"),
    );
    expect(found).toEqual([
      {
        file: PIPELINE,
        line: 22,
        column: 11,
        severity: "error",
        code: "SLW102",
        message: "a drift trigger needs `monitor`",
      },
    ]);
  });

  it("reports an invalid materialization schedule", async () => {
    const found = await validateTemplate((f) =>
      edit(f, VIEW, 'schedule: "0 * * * *"', "schedule: 0 * * * 7"),
    );
    expect(found).toEqual([
      {
        file: VIEW,
        line: 26,
        column: 15,
        severity: "error",
        code: "SLW150",
        message:
          "`spec.materialization.schedule` is not a valid cron schedule: field 5 (day of week): `7` is not a valid day of week (0–6 or a name)",
      },
    ]);
  });

  it("warns about materialization of a view that is not online", async () => {
    const found = await validateTemplate((f) => edit(f, VIEW, "  online: true\n", "  online: false\n"));
    expect(found).toEqual([
      {
        file: VIEW,
        line: 26,
        column: 5,
        severity: "warning",
        code: "SLW151",
        message: "materialization only applies to views with `online: true`",
      },
    ]);
  });
});
