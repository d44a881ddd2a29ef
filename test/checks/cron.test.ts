import { describe, expect, it } from "vitest";
import { cronProblem } from "../../src/manifests/cron.ts";

describe("cron expressions", () => {
  it.each([
    "0 6 * * 1",
    "*/15 * * * *",
    "0 */6 * * *",
    "15 3 1 * *",
    "0 0 1-15/2 * *",
    "5/10 * * * *",
    "0 9 * * mon-fri",
    "0 9 * * MON,WED,FRI",
    "0 0 1 jan,jul *",
    "0 0 * * 0,6",
    "0 0 ? * *",
    "59 23 31 12 6",
    "  0 6 * * 1  ",
    "0\t6 * * 1",
  ])("accepts %j", (expression) => {
    expect(cronProblem(expression)).toBeNull();
  });

  it.each(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"])(
    "accepts the macro %s",
    (macro) => {
      expect(cronProblem(macro)).toBeNull();
    },
  );

  it.each([
    ["", "a cron schedule has 5 fields, this one has 1"],
    ["* * * *", "a cron schedule has 5 fields, this one has 4"],
    ["0 * * * * *", "a cron schedule has 5 fields, this one has 6"],
    ["60 * * * *", "field 1 (minute): `60` is not a valid minute (0–59)"],
    ["* 24 * * *", "field 2 (hour): `24` is not a valid hour (0–23)"],
    ["* * 0 * *", "field 3 (day of month): `0` is not a valid day of month (1–31)"],
    ["* * 32 * *", "field 3 (day of month): `32` is not a valid day of month (1–31)"],
    ["* * * 13 *", "field 4 (month): `13` is not a valid month (1–12 or a name)"],
    ["* * * 0 *", "field 4 (month): `0` is not a valid month (1–12 or a name)"],
    ["* * * * 7", "field 5 (day of week): `7` is not a valid day of week (0–6 or a name)"],
    ["* * * * 8", "field 5 (day of week): `8` is not a valid day of week (0–6 or a name)"],
    ["* * * * funday", "field 5 (day of week): `funday` is not a valid day of week (0–6 or a name)"],
    ["* * * jnu *", "field 4 (month): `jnu` is not a valid month (1–12 or a name)"],
    ["*/0 * * * *", "field 1 (minute): step `0` must be a positive number"],
    ["*/x * * * *", "field 1 (minute): step `x` must be a positive number"],
    ["1/2/3 * * * *", "field 1 (minute): `1/2/3` has more than one '/'"],
    ["1-2-3 * * * *", "field 1 (minute): `1-2-3` is not a value or a range"],
    ["30-10 * * * *", "field 1 (minute): range `30-10` runs backwards"],
    ["0 0 * * fri-mon", "field 5 (day of week): range `fri-mon` runs backwards"],
    ["1,,2 * * * *", "field 1 (minute): an empty value is not a valid minute (0–59)"],
    ["-5 * * * *", "field 1 (minute): an empty value is not a valid minute (0–59)"],
    ["0 0 L * *", "field 3 (day of month): `L` is not a valid day of month (1–31)"],
    ["0 0 * * 1#2", "field 5 (day of week): `1#2` is not a valid day of week (0–6 or a name)"],
  ])("refuses %j: %s", (expression, problem) => {
    expect(cronProblem(expression)).toBe(problem);
  });

  it.each([
    [
      "@reboot",
      "`@reboot` is not a cron macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)",
    ],
    [
      "@every 5m",
      "`@every 5m` is not a cron macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)",
    ],
    [
      "@Daily",
      "`@Daily` is not a cron macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)",
    ],
  ])("refuses the unknown macro %j", (expression, problem) => {
    expect(cronProblem(expression)).toBe(problem);
  });

  it("caps how much of a long expression a message repeats", () => {
    const problem = cronProblem(`${"9".repeat(500)} * * * *`) as string;
    expect(problem.length).toBeLessThan(120);
  });
});
