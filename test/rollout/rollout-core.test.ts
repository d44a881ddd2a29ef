import { describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { rolloutStepMarkdown } from "../../src/report/rollout-step-markdown.ts";
import type { CheckResult } from "../../src/rollout/check-result.ts";
import { rolloutPins } from "../../src/rollout/rollout-pins.ts";
import { decideStep } from "../../src/rollout/step-decision.ts";
import type { RolloutState } from "../../src/state/environment-state.ts";
import { readFields } from "../../src/state/field-reader.ts";
import { readEnvironmentState } from "../../src/state/parse-records.ts";
import { nextEvaluation } from "../../src/workflows/rollout/rollout-schedule.ts";
import { exampleBinding } from "../helpers/check-repo.ts";
import { expectGolden } from "../helpers/golden.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";
import { steps } from "../render/render-fixtures.ts";

const result = (check: string, verdict: CheckResult["verdict"]): CheckResult => ({
  model: "fraud-detection",
  check,
  canary: 0.01,
  stable: 0.01,
  verdict,
});

describe("a step's verdict (decideStep)", () => {
  it("moves on when every check passes, keeping earlier failures", () => {
    expect(decideStep([result("a", "pass"), result("b", "pass")], { a: 1 }, 1)).toEqual({
      decision: { kind: "next" },
      failures: { a: 1 },
    });
  });

  it("holds the step for a failure within failureLimit, and rolls back past it", () => {
    const first = decideStep([result("a", "fail"), result("b", "pass")], {}, 1);
    expect(first.decision.kind).toBe("hold");
    expect(first.failures).toEqual({ a: 1 });
    const second = decideStep([result("a", "fail")], first.failures, 1);
    expect(second).toMatchObject({
      decision: { kind: "rollback", failed: [{ check: "a" }] },
      failures: { a: 2 },
    });
  });

  it("counts no data and a query error as failures: nobody measured the canary", () => {
    for (const verdict of ["no-data", "error"] as const)
      expect(decideStep([result("a", verdict)], {}, 0).decision.kind).toBe("rollback");
  });
});

const rollout = (over: Partial<RolloutState> = {}): RolloutState => ({
  commit: "c".repeat(40),
  previousCommit: "a".repeat(40),
  pr: 7,
  intentId: 1,
  deploymentId: 3,
  gatesPassed: true,
  models: [
    {
      model: "fraud-detection",
      version: "7",
      stable: { version: "6", artifactUri: "s3://bucket/6" },
      step: 0,
      steps: 2,
      stepStartedAt: "2026-12-07T12:00:00.000Z",
      dueAt: "2026-12-07T12:05:00.000Z",
      failures: {},
    },
    {
      model: "churn",
      version: "3",
      stable: { version: "2" },
      step: 1,
      steps: 1,
      stepStartedAt: "2026-12-07T12:00:00.000Z",
      dueAt: "2026-12-07T12:00:00.000Z",
      failures: { latency: 1 },
    },
  ],
  evaluations: 1,
  last: { at: "2026-12-07T12:00:00.000Z", results: [result("error-rate", "pass")] },
  paused: null,
  abort: null,
  ...over,
});

describe("when a rollout next needs its executor", () => {
  it("at the earliest step due among the Models still walking", () => {
    expect(nextEvaluation(rollout())).toBe("2026-12-07T12:05:00.000Z");
  });
  it("never while paused; at once when aborted, paused or not", () => {
    const by = { by: "carol", at: "2026-12-07T12:01:00.000Z" };
    expect(nextEvaluation(rollout({ paused: by }))).toBeNull();
    expect(nextEvaluation(rollout({ paused: by, abort: by }))).toBe(by.at);
  });
});

describe("the splits a rollout renders", () => {
  it("the current step's share, 0% everywhere to roll back, the new version alone once walked", async () => {
    const files = await templateFiles();
    steps()(files);
    const checked = validateRepo(treeOf(files), { binding: exampleBinding() });
    if (!checked.ok) throw new Error("the template with steps does not validate");
    const models = [
      { model: "fraud-detection", stable: { version: "6" }, step: 1 },
      { model: "gone", stable: { version: "1" }, step: 0 },
    ];
    expect([...rolloutPins(checked.snapshot, models)]).toEqual([
      ["fraud-detection", { split: { share: 50, mirror: false }, stable: { version: "6" } }],
      // A Model whose steps the commit no longer declares takes all traffic.
      ["gone", { whole: true }],
    ]);
    expect(rolloutPins(checked.snapshot, models, "rollback").get("fraud-detection")).toEqual({
      split: { share: 0, mirror: false },
      stable: { version: "6" },
    });
  });
});

describe("a rollout in the environment's state record", () => {
  const state = (r: unknown) => ({
    environment: "staging",
    appliedCommit: null,
    phase: "verifying",
    lock: null,
    heldRevision: null,
    pending: null,
    rollout: r,
    revision: 1,
    updatedAt: "2026-12-07T12:00:00.000Z",
  });

  it("reads back what was written; a record without one has none", () => {
    expect(readEnvironmentState(JSON.parse(JSON.stringify(state(rollout())))).rollout).toEqual(rollout());
    expect(readEnvironmentState(state(null))).not.toHaveProperty("rollout");
  });

  it("names the first bad field of a damaged record", () => {
    const broken = JSON.parse(JSON.stringify(state(rollout())));
    broken.rollout.models[1].dueAt = "soon";
    expect(readFields(() => readEnvironmentState(broken))).toEqual({
      problem: expect.stringContaining("state.rollout.models[1].dueAt"),
    });
  });
});

describe("a step's report on the pull request", () => {
  it("is a table of query, canary, stable, bound and verdict, then what follows", async () => {
    const text = rolloutStepMarkdown({
      model: "fraud-detection",
      stableVersion: "6",
      version: "7",
      step: 2,
      steps: 2,
      share: "50%",
      interval: "10m",
      rows: [
        {
          result: {
            model: "fraud-detection",
            check: "error-rate",
            canary: 0.05,
            stable: 0.01,
            verdict: "fail",
          },
          query: 'sum(rate(errors_total{track="canary"}[10m]))',
          bound: "≤ stable + 0.005 (0.015)",
        },
        {
          result: { model: "fraud-detection", check: "p95", canary: null, stable: 0.031, verdict: "no-data" },
          query: "histogram_quantile(0.95, sum by (le) (rate(x_bucket[10m])))",
          bound: "≤ 1.2 × stable (0.0372)",
          note: "no series, or no requests in the window",
        },
        {
          result: {
            model: "fraud-detection",
            check: "success",
            canary: null,
            stable: null,
            verdict: "error",
          },
          query: "a|b",
          bound: "≥ 0.99",
          note: "Prometheus (prom:9090) answered HTTP 422 execution: too many samples.",
        },
      ],
      next: "Rolled back: all traffic returns to version 6.",
    });
    expectGolden("rollout/step-report.md", text);
  });
});
