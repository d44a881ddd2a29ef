import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../fakes/prometheus/fake.ts";

const TOKEN = "range-token-0123456789";

// The fake speaks `/api/v1/query_range` as Prometheus does: the same envelope with a matrix, and its
// refusals of bad ranges with their status, errorType and words.
describe("the fake Prometheus: range queries", () => {
  let prom: FakePrometheus;
  beforeAll(async () => {
    prom = await startFakePrometheus({ token: TOKEN });
    prom.answer((query, time) => (query === "up" ? Number(time) / 100 : null));
  });
  afterAll(() => prom.close());

  const range = (params: Record<string, string>, token = TOKEN) =>
    fetch(`${prom.url}/api/v1/query_range`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });

  it("answers a matrix, one point per step, values as strings", async () => {
    const response = await range({ query: "up", start: "100", end: "160", step: "30s" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "success",
      data: {
        resultType: "matrix",
        result: [
          {
            metric: {},
            values: [
              [100, "1"],
              [130, "1.3"],
              [160, "1.6"],
            ],
          },
        ],
      },
    });
    expect(prom.ranges.at(-1)).toMatchObject({ query: "up", start: "100", step: "30s" });
  });

  it("refuses what Prometheus refuses, with its error body", async () => {
    const cases: [Record<string, string>, string][] = [
      [
        { query: "up", end: "10", step: "1" },
        'invalid parameter "start": cannot parse "" to a valid timestamp',
      ],
      [
        { query: "up", start: "10", end: "5", step: "1" },
        'invalid parameter "end": end timestamp must not be before start time',
      ],
      [
        { query: "up", start: "0", end: "10", step: "0" },
        'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
      ],
      [
        { query: "up", start: "0", end: "86400", step: "1" },
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
      ],
    ];
    for (const [params, message] of cases) {
      const response = await range(params);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ status: "error", errorType: "bad_data", error: message });
    }
  });

  it("answers 401 without the token, as Prometheus's web configuration does", async () => {
    const response = await range({ query: "up", start: "0", end: "1", step: "1" }, "wrong");
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("Unauthorized\n");
  });
});
