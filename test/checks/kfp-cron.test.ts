import { describe, expect, it } from "vitest";
import { kfpCron } from "../../src/manifests/cron.ts";

describe("a Pipeline schedule as KFP's robfig/cron v1 parser reads it", () => {
  it("sends five-field standard cron with a leading 0 second, so minute stays minute", () => {
    // Sent as is, KFP would read "0 3 1 * *" as second 0, minute 3, hour 1: every day at 01:03.
    expect(kfpCron("0 3 1 * *")).toEqual({ cron: "0 0 3 1 * *" });
    expect(kfpCron("  */15 *  * * mon-fri ")).toEqual({ cron: "0 */15 * * * mon-fri" });
  });

  it("sends six fields (KFP's own form, seconds first) and macros unchanged", () => {
    expect(kfpCron("30 0 3 * * 1")).toEqual({ cron: "30 0 3 * * 1" });
    expect(kfpCron("@weekly")).toEqual({ cron: "@weekly" });
  });

  it("says what is wrong, numbering fields as written", () => {
    expect(kfpCron("0 3 * *")).toEqual({
      problem: "a pipeline schedule has 5 fields (standard cron) or 6 (KFP's, seconds first), this one has 4",
    });
    expect(kfpCron("60 0 3 * * *")).toEqual({
      problem: "field 1 (second): `60` is not a valid second (0–59)",
    });
    expect(kfpCron("0 0 3 * * 7")).toEqual({
      problem: "field 6 (day of week): `7` is not a valid day of week (0–6 or a name)",
    });
    expect(kfpCron("0 25 * * *")).toEqual({ problem: "field 2 (hour): `25` is not a valid hour (0–23)" });
    expect(kfpCron("@fortnightly")).toMatchObject({ problem: expect.stringMatching(/not a cron macro/) });
  });
});
