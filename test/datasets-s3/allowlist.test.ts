import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/s3/load-dataset.ts";
import { type S3rverHarness, startS3rver } from "./s3rver-harness.ts";

// DESIGN.md §4: only prefixes the server binding allows are read. Anything else is a finding in the
// result — and s3rver records no request at all for it.

const NOW = new Date("2026-11-25T06:00:00Z");

let s3: S3rverHarness;
beforeEach(async () => {
  s3 = await startS3rver();
  await s3.put("secret/keys.csv", "k\n1\n");
  await s3.put("team-a/data.csv", "who\na\n");
  await s3.put("team-ab/data.csv", "who\nab\n");
});
afterEach(async () => {
  await s3.close();
});

async function expectFinding(
  location: Parameters<typeof loadDataset>[1],
  allowlist: readonly string[],
  code: string,
  message: string,
) {
  const source = await s3.source();
  await s3.forget();
  const loaded = await loadDataset(source, location, { now: NOW, allowlist, format: "csv" });
  expect(loaded).toEqual({
    kind: "finding",
    finding: { code, location: location.path ?? location.prefix, message: expect.stringContaining(message) },
  });
  expect(await s3.requests()).toEqual([]);
}

describe("the binding's allowed prefixes", () => {
  it("a path outside them is a finding and nothing is requested", async () => {
    await expectFinding(
      { path: "s3://lake/secret/keys.csv" },
      ["s3://lake/team-a/"],
      "SLW127",
      "s3://lake/secret/keys.csv is outside the prefixes the integration allows (s3://lake/team-a/); it was not read",
    );
  });

  it("a partitioned prefix outside them is a finding before any listing", async () => {
    await expectFinding(
      { prefix: "s3://lake/secret/", partition: "dt={date}", window: { last: "7d" } },
      ["s3://lake/team-a/"],
      "SLW127",
      "outside the prefixes",
    );
  });

  it("matches whole path segments: team-a does not admit team-ab", async () => {
    await expectFinding({ path: "s3://lake/team-ab/data.csv" }, ["s3://lake/team-a"], "SLW127", "outside");
  });

  it("refuses '..' segments that would climb out of an allowed prefix", async () => {
    await expectFinding(
      { path: "s3://lake/team-a/../secret/keys.csv" },
      ["s3://lake/team-a/"],
      "SLW127",
      "'..'",
    );
  });

  it("an empty allowlist admits nothing", async () => {
    await expectFinding({ path: "s3://lake/team-a/data.csv" }, [], "SLW127", "(none)");
  });

  it("an unusable partition pattern is a finding too, with no request", async () => {
    await expectFinding(
      { prefix: "s3://lake/team-a/", partition: "dt={day}", window: { last: "7d" } },
      ["s3://lake/"],
      "SLW135",
      "unknown placeholder {day}",
    );
  });

  it("lists an allowed prefix as a directory, so a longer sibling is not read", async () => {
    const source = await s3.source();
    const loaded = await loadDataset(
      source,
      { prefix: "s3://lake/team-a" },
      { now: NOW, allowlist: ["s3://lake/team-a"], format: "csv" },
    );
    if (loaded.kind !== "data") throw new Error(loaded.finding.message);
    expect(loaded.read.objects).toBe(1);
    expect(loaded.read.table.columns.get("who")).toMatchObject({ dictionary: ["a"] });
  });
});
