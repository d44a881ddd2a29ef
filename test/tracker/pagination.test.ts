import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "../../src/tracker/tracker-port.ts";
import { faultOf, type Harness, startHarness } from "./tracker-harness.ts";

async function collect<T>(
  next: (token?: string) => Promise<Page<T>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await next(token);
    items.push(...page.items);
    token = page.nextPageToken;
    pages += 1;
  } while (token !== undefined && pages < 20);
  return { items, pages };
}

describe("MLflow REST tracker: page_token pagination", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    h.fake.assertNoUnexpected();
    await h.fake.close();
  });

  it("follows next_page_token through every page of runs and stops when MLflow omits it", async () => {
    for (let i = 0; i < 5; i++) h.fake.addRun({ runName: `r${i}`, startTime: 1000 + i });
    const { items, pages } = await collect((pageToken) =>
      h.tracker.searchRuns({ experimentIds: ["0"], maxResults: 2, ...(pageToken ? { pageToken } : {}) }),
    );
    expect(pages).toBe(3);
    // MLflow's default order is start_time descending.
    expect(items.map((r) => r.info.run_name)).toEqual(["r4", "r3", "r2", "r1", "r0"]);
    const bodies = h.fake.requestsTo("POST runs/search").map((r) => r.body as { page_token?: string });
    expect(bodies[0]?.page_token).toBeUndefined();
    expect(bodies[1]?.page_token).toEqual(expect.any(String));
  });

  it("pages through model versions with page_token in the query", async () => {
    for (let i = 0; i < 3; i++) h.fake.addModelVersion({ name: "fraud-detection" });
    const { items, pages } = await collect((pageToken) =>
      h.tracker.searchModelVersions({
        filter: "name = 'fraud-detection'",
        maxResults: 2,
        ...(pageToken ? { pageToken } : {}),
      }),
    );
    expect(pages).toBe(2);
    expect(items.map((v) => v.version)).toEqual(["3", "2", "1"]);
    const queries = h.fake.requestsTo("GET model-versions/search").map((r) => r.query);
    expect(queries[0]?.max_results).toEqual(["2"]);
    expect(queries[1]?.page_token).toEqual([expect.any(String)]);
  });

  it("reports a page token MLflow cannot decode as invalid", async () => {
    const fault = await faultOf(h.tracker.searchModelVersions({ pageToken: "not-a-token" }));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toContain("Invalid page token");
  });
});
