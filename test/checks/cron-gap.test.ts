import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { longestCronGapSeconds } from "../../src/manifests/cron-gap.ts";

// The longest gap between firings of a CronJob schedule: known schedules, and a day-by-day walk of
// the calendar from 2024 to 2031 listing every firing (the definition, slowly) on generated ones.

const HOUR = 3600;
const DAY = 24 * HOUR;

describe("the longest gap of a cron schedule", () => {
  it("is the period of regular schedules and the worst gap of irregular ones", () => {
    expect(longestCronGapSeconds("0 6 * * *")).toBe(DAY);
    expect(longestCronGapSeconds("0 6 * * 1")).toBe(7 * DAY);
    expect(longestCronGapSeconds("@weekly")).toBe(7 * DAY);
    expect(longestCronGapSeconds("*/15 * * * *")).toBe(15 * 60);
    expect(longestCronGapSeconds("@hourly")).toBe(HOUR);
    // Weekdays at 06:00: Friday to Monday.
    expect(longestCronGapSeconds("0 6 * * mon-fri")).toBe(3 * DAY);
    // Twice a day, at 06:00 and 18:30: the night is the longer gap.
    expect(longestCronGapSeconds("0,30 6,18 * * *")).toBe(11 * HOUR + 30 * 60);
    // The 31st: from 31 August to 31 October is 61 days (31 July to 31 August is 31).
    expect(longestCronGapSeconds("0 0 31 * *")).toBe(61 * DAY);
    expect(longestCronGapSeconds("@monthly")).toBe(31 * DAY);
    expect(longestCronGapSeconds("0 0 1 1 *")).toBe(366 * DAY);
    expect(longestCronGapSeconds("0 0 29 2 *")).toBe((4 * 365 + 1) * DAY);
  });

  it("reads day of month and day of week as robfig/cron does: either when both are restricted", () => {
    // The 1st or any Monday: never more than a week apart.
    expect(longestCronGapSeconds("0 0 1 * 1")).toBeLessThanOrEqual(7 * DAY);
    // Every day of month (a star) and Mondays: Mondays only.
    expect(longestCronGapSeconds("0 0 * * 1")).toBe(7 * DAY);
    // A stepped star is not a star: every other day or Sunday.
    expect(longestCronGapSeconds("0 0 */2 * 0")).toBeLessThanOrEqual(2 * DAY);
  });

  it("is null for an invalid schedule", () => {
    expect(longestCronGapSeconds("0 6 * *")).toBeNull();
    expect(longestCronGapSeconds("61 * * * *")).toBeNull();
    expect(longestCronGapSeconds("@sometimes")).toBeNull();
  });

  it("matches a walk listing every firing from 2024 to 2031", () => {
    const part = (max: number, min: number) =>
      fc.oneof(
        fc.constant("*"),
        fc.integer({ min, max }).map(String),
        fc
          .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
          .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc
          .tuple(fc.constantFrom("*", String(min)), fc.integer({ min: 2, max: 9 }))
          .map(([a, s]) => `${a}/${s}`),
      );
    const list = (max: number, min: number) =>
      fc.array(part(max, min), { minLength: 1, maxLength: 2 }).map((p) => p.join(","));
    fc.assert(
      fc.property(
        // Hours and minutes kept to few firings a day so the walk stays quick.
        fc.tuple(
          fc.integer({ min: 0, max: 59 }).map(String),
          fc.integer({ min: 0, max: 23 }).map(String),
          list(31, 1),
          list(12, 1),
          list(6, 0),
        ),
        (fields) => {
          const expression = fields.join(" ");
          const walked = walk(expression);
          const gap = longestCronGapSeconds(expression);
          if (walked !== null) expect(gap, expression).toBe(walked);
        },
      ),
      { numRuns: 120 },
    );
  });
});

/** Every day of 2024–2031 tested against the schedule's fields; the longest gap between firings. */
function walk(expression: string): number | null {
  const [minute, hour, dom, month, dow] = expression.split(" ") as [string, string, string, string, string];
  const expand = (text: string, min: number, max: number) => {
    const out = new Set<number>();
    let star = false;
    for (const p of text.split(",")) {
      const [range, step] = p.split("/");
      const s = step === undefined ? 1 : Number(step);
      let [a, b] = [min, max];
      if (range === "*") star = star || s === 1;
      else {
        const [lo, hi] = (range as string).split("-");
        a = Number(lo);
        b = hi !== undefined ? Number(hi) : step !== undefined ? max : a;
      }
      for (let v = a; v <= b; v += s) out.add(v);
    }
    return { out, star };
  };
  const d = expand(dom, 1, 31);
  const m = expand(month, 1, 12);
  const w = expand(dow, 0, 6);
  const at = Number(hour) * HOUR + Number(minute) * 60;
  const firings: number[] = [];
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2032, 0, 1); t += DAY * 1000) {
    const date = new Date(t);
    if (!m.out.has(date.getUTCMonth() + 1)) continue;
    const a = d.out.has(date.getUTCDate());
    const b = w.out.has(date.getUTCDay());
    if (d.star || w.star ? a && b : a || b) firings.push(t / 1000 + at);
  }
  if (firings.length < 2) return null;
  let longest = 0;
  for (let i = 1; i < firings.length; i++)
    longest = Math.max(longest, (firings[i] as number) - (firings[i - 1] as number));
  return longest;
}
