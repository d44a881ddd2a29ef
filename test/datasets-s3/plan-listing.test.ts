import { describe, expect, it } from "vitest";
import { type DatasetLocation, planListing } from "../../src/datasets/s3/plan-listing.ts";

// The listing plan decided before any request: what to list, what to accept, and findings.

const NOW = new Date("2026-11-25T06:00:00Z");
const ALLOW = ["s3://lake/scored/"];

function plan(location: DatasetLocation, allowlist: readonly string[] | "unrestricted" = ALLOW) {
  return planListing(location, NOW, allowlist);
}

describe("planListing", () => {
  it("a path is one object, listed by nobody", () => {
    expect(plan({ path: "s3://lake/scored/x.csv" })).toEqual({
      kind: "object",
      uri: "s3://lake/scored/x.csv",
    });
  });

  it("a windowed prefix lists one prefix per day and accepts only data files of the window", () => {
    const p = plan({
      prefix: "s3://lake/scored/",
      partition: "dt={date}/hour={hour}",
      window: { last: "2d" },
    });
    if (p.kind !== "prefix") throw new Error(p.kind);
    // Hourly partitions: the 48 whole hours before 06:00 on the 25th, over three days.
    expect(p.listings).toEqual([
      "s3://lake/scored/dt=2026-11-23/hour=",
      "s3://lake/scored/dt=2026-11-24/hour=",
      "s3://lake/scored/dt=2026-11-25/hour=",
    ]);
    expect(p.partitions).toHaveLength(48);
    expect(p.partitions[0]).toBe("dt=2026-11-23/hour=06");
    expect(p.accept("s3://lake/scored/dt=2026-11-23/hour=06/part-0.parquet")).toBe(true);
    expect(p.accept("s3://lake/scored/dt=2026-11-24/hour=23/nested/part-1.parquet")).toBe(true);
    expect(p.accept("s3://lake/scored/dt=2026-11-25/hour=05/part-0.parquet")).toBe(true);
    expect(p.accept("s3://lake/scored/dt=2026-11-23/hour=05/part-0.parquet")).toBe(false);
    expect(p.accept("s3://lake/scored/dt=2026-11-25/hour=06/part-0.parquet")).toBe(false);
    expect(p.accept("s3://lake/scored/dt=2026-11-23/hour=10/_SUCCESS")).toBe(false);
    expect(p.accept("s3://lake/scored/dt=2026-11-23/hour=10/_temporary/0/part-0")).toBe(false);
    expect(p.accept("s3://lake/scored/dt=2026-11-23/hour=10/.part-0.crc")).toBe(false);
    expect(p.accept("s3://lake/scored/dt=2026-11-23/hour=10/")).toBe(false);
    expect(p.accept("s3://lake/other/dt=2026-11-23/hour=10/part-0")).toBe(false);
  });

  it("a partition without a window lists from the pattern's literal start", () => {
    const p = plan({ prefix: "s3://lake/scored", partition: "dt={date}" });
    if (p.kind !== "prefix") throw new Error(p.kind);
    expect(p.listings).toEqual(["s3://lake/scored/dt="]);
    expect(p.accept("s3://lake/scored/dt=2020-01-01/a.csv")).toBe(true);
    expect(p.accept("s3://lake/scored/dt=latest/a.csv")).toBe(false);
  });

  it("local paths are allowed when the caller says the allowlist does not apply", () => {
    expect(plan({ path: "/data/ref.csv" }, "unrestricted")).toEqual({ kind: "object", uri: "/data/ref.csv" });
  });

  it.each<[DatasetLocation, string, string]>([
    [
      { path: "s3://lake/scored/a", prefix: "s3://lake/scored/" },
      "SLW135",
      "exactly one of `path` and `prefix`",
    ],
    [{}, "SLW135", "exactly one of `path` and `prefix`"],
    [{ path: "s3://lake/scored/dir/" }, "SLW135", "names one object; it ends with '/'"],
    [{ path: "s3://lake/scored/a", partition: "dt={date}" }, "SLW135", "apply to a `prefix`"],
    [{ prefix: "s3://lake/scored/", window: { last: "7d" } }, "SLW135", "needs a `partition` pattern"],
    [
      { prefix: "s3://lake/scored/", partition: "dt={date}", window: { last: "1h" } },
      "SLW135",
      "shorter than one day",
    ],
    [{ prefix: "s3://lake/scored/./x/" }, "SLW127", "'.' or '..' segments"],
    [{ prefix: "s3://lake/" }, "SLW127", "outside the prefixes"],
  ])("finding for %j", (location, code, message) => {
    const p = plan(location);
    expect(p.kind).toBe("finding");
    if (p.kind !== "finding") return;
    expect(p.finding.code).toBe(code);
    expect(p.finding.message).toContain(message);
  });
});
