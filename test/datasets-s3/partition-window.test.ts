import { describe, expect, it } from "vitest";
import { type PartitionPattern, parsePartitionPattern } from "../../src/datasets/s3/partition-pattern.ts";
import { MAX_WINDOW_PARTITIONS, windowPartitions } from "../../src/datasets/s3/partition-window.ts";

// Partition patterns and time windows against fixed "now"s: whole partitions before the one still
// being written, in UTC.

function pattern(text: string): PartitionPattern {
  const p = parsePartitionPattern(text);
  if ("error" in p) throw new Error(p.error);
  return p;
}

function selected(text: string, last: string, now: string, offset?: string): string[] | string {
  const p = pattern(text);
  const result = windowPartitions(p, offset ? { last, offset } : { last }, new Date(now));
  return "error" in result ? result.error : result.starts.map((t) => p.expand(t));
}

describe("partition patterns", () => {
  it("matches a key's partition and rejects calendar impossibilities", () => {
    const p = pattern("dt={date}");
    expect(p.match("dt=2026-11-24/part-0.parquet")).toBe(Date.UTC(2026, 10, 24));
    expect(p.match("dt=2028-02-29/x")).toBe(Date.UTC(2028, 1, 29));
    expect(p.match("dt=2026-02-29/x")).toBeUndefined();
    expect(p.match("dt=2026-13-01/x")).toBeUndefined();
    expect(p.match("dt=2026-11-24.csv")).toBeUndefined(); // a file, not a partition directory
    expect(p.match("other/dt=2026-11-24/x")).toBeUndefined();
    expect(p.granularityMs).toBe(86_400_000);
  });

  it("reads {hour} as a two-digit UTC hour", () => {
    const p = pattern("dt={date}/hour={hour}");
    expect(p.match("dt=2026-11-24/hour=07/a")).toBe(Date.UTC(2026, 10, 24, 7));
    expect(p.match("dt=2026-11-24/hour=24/a")).toBeUndefined();
    expect(p.match("dt=2026-11-24/hour=7/a")).toBeUndefined();
    expect(p.expand(Date.UTC(2026, 10, 24, 7))).toBe("dt=2026-11-24/hour=07");
    expect(p.listingPrefix(Date.UTC(2026, 10, 24, 7))).toBe("dt=2026-11-24/hour=");
  });

  it("takes the pattern's other characters literally", () => {
    const p = pattern("year.{date}");
    expect(p.match("year.2026-11-24/x")).toBe(Date.UTC(2026, 10, 24));
    expect(p.match("yearX2026-11-24/x")).toBeUndefined();
  });

  it.each([
    ["dt={day}", "unknown placeholder {day}"],
    ["hour={hour}", "needs a {date} placeholder"],
    ["a={date}/b={date}", "repeats a placeholder"],
    ["dt={date", "unmatched brace"],
    ["dt={date}/", "must not start or end with '/'"],
    ["../dt={date}", "'.' or '..' segments"],
  ])("refuses %s", (text, message) => {
    const p = parsePartitionPattern(text);
    expect("error" in p && p.error).toContain(message);
  });
});

describe("time windows", () => {
  const week = [
    "2026-11-18",
    "2026-11-19",
    "2026-11-20",
    "2026-11-21",
    "2026-11-22",
    "2026-11-23",
    "2026-11-24",
  ];

  it("last 7d is the seven whole days before today, at any hour of the run", () => {
    for (const now of ["2026-11-25T00:00:00Z", "2026-11-25T06:00:00Z", "2026-11-25T23:59:59.999Z"])
      expect(selected("dt={date}", "7d", now)).toEqual(week.map((d) => `dt=${d}`));
  });

  it("an offset moves the whole window back", () => {
    expect(selected("dt={date}", "2d", "2026-11-25T06:00:00Z", "1w")).toEqual([
      "dt=2026-11-16",
      "dt=2026-11-17",
    ]);
  });

  it("crosses month and year ends", () => {
    expect(selected("d={date}", "3d", "2027-01-02T01:00:00Z")).toEqual([
      "d=2026-12-30",
      "d=2026-12-31",
      "d=2027-01-01",
    ]);
  });

  it("keeps only whole partitions inside the window", () => {
    expect(selected("dt={date}", "36h", "2026-11-25T06:00:00Z")).toEqual(["dt=2026-11-24"]);
    expect(selected("dt={date}/hour={hour}", "90m", "2026-11-25T06:59:00Z")).toEqual([
      "dt=2026-11-25/hour=05",
    ]);
  });

  it("selects hours across midnight", () => {
    expect(selected("dt={date}/hour={hour}", "3h", "2026-11-25T01:10:00Z")).toEqual([
      "dt=2026-11-24/hour=22",
      "dt=2026-11-24/hour=23",
      "dt=2026-11-25/hour=00",
    ]);
  });

  it("explains a window that holds no whole partition, or too many", () => {
    expect(selected("dt={date}", "12h", "2026-11-25T06:00:00Z")).toBe(
      "window `last: 12h` is shorter than one day, so it holds no whole `dt={date}` partition",
    );
    expect(selected("dt={date}/hour={hour}", "500d", "2026-11-25T06:00:00Z")).toBe(
      `window \`last: 500d\` selects 12000 \`dt={date}/hour={hour}\` partitions; the limit is ${MAX_WINDOW_PARTITIONS}`,
    );
  });

  it("refuses an invalid run time instead of looping", () => {
    expect(selected("dt={date}", "7d", "not a date")).toBe("the run time is not a valid date");
  });
});
