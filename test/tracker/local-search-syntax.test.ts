import { describe, expect, it } from "vitest";
import { SearchQueryError } from "../../src/tracker/local/clause-match.ts";
import { pageToken, readPageToken } from "../../src/tracker/local/page-token.ts";
import { compileRunFilter } from "../../src/tracker/local/run-filter.ts";
import { sortRuns, sortVersions } from "../../src/tracker/local/search-order.ts";
import { compileVersionFilter } from "../../src/tracker/local/version-filter.ts";
import type { Run } from "../../src/tracker/tracker-types.ts";

function run(
  id: string,
  start: number,
  metrics: Record<string, number>,
  params: Record<string, string> = {},
): Run {
  return {
    info: {
      run_id: id,
      run_name: `run ${id}`,
      experiment_id: "1",
      status: "FINISHED",
      lifecycle_stage: "active",
      start_time: start,
    },
    data: {
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: start, step: 0 })),
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      tags: [],
    },
    inputs: { dataset_inputs: [] },
  };
}
const RUNS = [
  run("a", 1, { f1: 0.8, auc: 0.9 }, { model: "XGBoost" }),
  run("b", 2, { f1: 0.85 }, { model: "lightgbm" }),
  run("c", 3, {}, { model: "lightgbm-dart" }),
];
const ids = (filter: string) => RUNS.filter(compileRunFilter(filter)).map((r) => r.info.run_id);
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SearchQueryError) return error.message;
    throw error;
  }
  throw new Error("expected a refusal");
};

describe("local search syntax (MLflow's subset)", () => {
  it("compares metrics as numbers and leaves runs without the metric out, even for !=", () => {
    expect(ids("metrics.f1 >= 0.85")).toEqual(["b"]);
    expect(ids("metrics.f1 != 0.8")).toEqual(["b"]);
    expect(ids("metric.auc < 1 AND metrics.f1 > 0.5")).toEqual(["a"]);
  });

  it("matches LIKE case-sensitively and ILIKE without case, with % and _", () => {
    expect(ids("params.model LIKE 'lightgbm%'")).toEqual(["b", "c"]);
    expect(ids("params.model LIKE 'xgboost'")).toEqual([]);
    expect(ids("params.model ILIKE 'xgboost'")).toEqual(["a"]);
    expect(ids("params.model LIKE 'lightgb_'")).toEqual(["b"]);
  });

  it("reads quoted keys, double-quoted values, attribute aliases and run_id IN lists", () => {
    expect(ids('params.`model` = "lightgbm"')).toEqual(["b"]);
    expect(ids("attributes.run_id IN ('a', 'c')")).toEqual(["a", "c"]);
    expect(ids("run_id NOT IN ('a')")).toEqual(["b", "c"]);
    expect(ids("`Run name` = 'run b'")).toEqual(["b"]);
    expect(ids("created > 1")).toEqual(["b", "c"]);
  });

  it("refuses what it cannot read, saying where", () => {
    expect(refusal(() => compileRunFilter("metrics.f1 > 0.8 OR params.model = 'x'"))).toBe(
      `Invalid filter "metrics.f1 > 0.8 OR params.model = 'x'" at character 18: only AND joins clauses (MLflow has no OR).`,
    );
    expect(refusal(() => compileRunFilter("params.model = 'x"))).toContain(
      "at character 16: the quote ' is never closed",
    );
    expect(refusal(() => compileRunFilter("params.model > 3"))).toContain(
      "params.model compares with =, !=, LIKE, ILIKE, not >",
    );
    expect(refusal(() => compileRunFilter("metrics.f1 = 'high'"))).toContain("metrics.f1 needs a number");
    expect(refusal(() => compileRunFilter("datasets.digest = 'd1'"))).toContain(
      'does not search by "datasets"',
    );
    expect(refusal(() => compileRunFilter("attributes.color = 'red'"))).toContain(
      'unknown attribute "color"',
    );
    expect(refusal(() => compileRunFilter("run_name IN ('a')"))).toContain(
      "attributes.run_name compares with",
    );
  });

  it("sorts with missing values last both ways, then start_time DESC and run_id", () => {
    expect(sortRuns(RUNS, ["metrics.f1 DESC"]).map((r) => r.info.run_id)).toEqual(["b", "a", "c"]);
    expect(sortRuns(RUNS, ["metrics.f1 ASC"]).map((r) => r.info.run_id)).toEqual(["a", "b", "c"]);
    expect(sortRuns(RUNS).map((r) => r.info.run_id)).toEqual(["c", "b", "a"]);
    expect(refusal(() => sortRuns(RUNS, ["metrics.f1 SIDEWAYS"]))).toContain(
      'Invalid order_by clause "metrics.f1 SIDEWAYS"',
    );
  });

  it("filters and orders model versions as MLflow's registry does", () => {
    const v = (name: string, version: string, updated: number, run_id = "r1") => ({
      name,
      version,
      status: "READY" as const,
      current_stage: "None",
      tags: [],
      run_id,
      last_updated_timestamp: updated,
    });
    const all = [v("b", "1", 5), v("a", "1", 5), v("a", "2", 5), v("a", "3", 9, "r2")];
    const f = compileVersionFilter("name = 'a' AND version_number >= 2");
    expect(f.exactName).toBe("a");
    expect(all.filter(f.test).map((x) => x.version)).toEqual(["2", "3"]);
    expect(sortVersions(all).map((x) => `${x.name}/${x.version}`)).toEqual(["a/3", "a/2", "a/1", "b/1"]);
    expect(sortVersions(all, ["name DESC"]).map((x) => `${x.name}/${x.version}`)).toEqual([
      "b/1",
      "a/3",
      "a/2",
      "a/1",
    ]);
    expect(refusal(() => compileVersionFilter("stage = 'Production'"))).toContain('unknown key "stage"');
  });

  it("writes page tokens as MLflow does and refuses ones it did not write", () => {
    expect(Buffer.from(pageToken(2), "base64").toString()).toBe('{"offset": 2}');
    expect(readPageToken(pageToken(40))).toBe(40);
    expect(readPageToken(Buffer.from('{"offset":3}').toString("base64"))).toBe(3);
    expect(refusal(() => readPageToken("not-a-token"))).toContain("Invalid page token");
    expect(refusal(() => readPageToken(Buffer.from('{"offset": -1}').toString("base64")))).toContain(
      "non-negative",
    );
  });
});
