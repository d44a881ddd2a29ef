import { describe, expect, it } from "vitest";
import { edit, type Finding, validateTemplate } from "../helpers/check-repo.ts";

const MODEL = "models/fraud-detection.yaml";
const TEMPLATE_GATES = [
  "      - { metric: precision, goal: maximize, min: 0.80 }",
  "      - { metric: recall, goal: maximize, min: 0.75 }",
  "      - { metric: f1, goal: maximize, min: 0.80 }",
  "      - { metric: roc_auc, goal: maximize, min: 0.90, vs: production, maxDrop: 0.005 }",
].join("\n");

/** Replaces the template's four gates (lines 40–43) with these, one per line from line 40. */
function gates(...lines: string[]) {
  return (f: Record<string, string>) =>
    edit(f, MODEL, TEMPLATE_GATES, lines.map((l) => `      - ${l}`).join("\n"));
}

const at = (line: number, column: number, code: string, message: string, severity = "error"): Finding =>
  ({ file: MODEL, line, column, severity, code, message }) as Finding;

describe("promotion target", () => {
  it("refuses both an alias and a stage, at the stage", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MODEL, "    alias: champion\n", "    alias: champion\n    stage: Production\n"),
    );
    expect(found).toEqual([
      at(38, 12, "SLW144", "give either `promotion.alias` or `promotion.stage`, not both"),
    ]);
  });

  it("refuses a promotion with neither, at the `promotion` key", async () => {
    const found = await validateTemplate((f) => edit(f, MODEL, "    alias: champion\n", "    # no target\n"));
    expect(found).toEqual([
      at(
        36,
        3,
        "SLW144",
        "`promotion` needs an MLflow `alias` (or a legacy `stage`) to move when a version is promoted",
      ),
    ]);
  });

  it("accepts a legacy stage alone", async () => {
    const found = await validateTemplate((f) => edit(f, MODEL, "alias: champion", "stage: Production"));
    expect(found).toEqual([]);
  });
});

describe("promotion environments", () => {
  it("refuses an environment .slipway.yml does not declare", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MODEL, "environments: [staging, production]", "environments: [staging, prod]"),
    );
    expect(found).toEqual([
      at(
        38,
        29,
        "SLW120",
        "environment `prod` is not declared in .slipway.yml (declared: staging, production)",
      ),
    ]);
  });

  it("refuses environments out of the order .slipway.yml declares", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MODEL, "environments: [staging, production]", "environments: [production, staging]"),
    );
    expect(found).toEqual([
      at(
        38,
        32,
        "SLW126",
        "`staging` comes before `production` in .slipway.yml, so it cannot follow it here",
      ),
    ]);
  });

  it("accepts a model that skips an environment but keeps the order", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MODEL, "environments: [staging, production]", "environments: [production]"),
    );
    expect(found).toEqual([]);
  });
});

describe("promotion gates", () => {
  it("refuses a gate with no bound", async () => {
    expect(await validateTemplate(gates("{ metric: f1, goal: maximize }"))).toEqual([
      at(40, 9, "SLW140", "gate on `f1` has no bound"),
    ]);
  });

  it("refuses min above max, at min", async () => {
    expect(await validateTemplate(gates("{ metric: f1, goal: maximize, min: 0.9, max: 0.8 }"))).toEqual([
      at(40, 44, "SLW141", "gate on `f1` has min 0.9 above max 0.8"),
    ]);
    expect(await validateTemplate(gates("{ metric: f1, goal: maximize, min: 0.8, max: 0.8 }"))).toEqual([]);
  });

  it("refuses `vs: production` without a drop", async () => {
    expect(await validateTemplate(gates("{ metric: f1, goal: maximize, vs: production }"))).toEqual([
      at(40, 43, "SLW142", "gate on `f1` compares with production but gives no maxDrop or maxDropRatio"),
    ]);
  });

  it("refuses a drop without `vs: production`", async () => {
    expect(await validateTemplate(gates("{ metric: f1, goal: maximize, maxDrop: 0.01 }"))).toEqual([
      at(40, 48, "SLW142", "gate on `f1` sets a drop but not `vs: production`"),
    ]);
    expect(await validateTemplate(gates("{ metric: f1, goal: maximize, maxDropRatio: 0.01 }"))).toEqual([
      at(40, 53, "SLW142", "gate on `f1` sets a drop but not `vs: production`"),
    ]);
  });

  it("refuses both maxDrop and maxDropRatio, at maxDropRatio", async () => {
    const found = await validateTemplate(
      gates("{ metric: f1, goal: maximize, vs: production, maxDrop: 0.01, maxDropRatio: 0.02 }"),
    );
    expect(found).toEqual([
      at(40, 84, "SLW142", "gate on `f1` gives both maxDrop and maxDropRatio; keep one"),
    ]);
  });

  it("accepts a relative gate alone, absolute or as a ratio", async () => {
    const found = await validateTemplate(
      gates(
        "{ metric: f1, goal: maximize, vs: production, maxDrop: 0.01 }",
        "{ metric: recall, goal: maximize, vs: production, maxDropRatio: 0.02 }",
      ),
    );
    expect(found).toEqual([]);
  });

  it("refuses a second gate on one metric, naming the first", async () => {
    const found = await validateTemplate(
      gates(
        "{ metric: f1, goal: maximize, min: 0.8 }",
        "{ metric: recall, goal: maximize, min: 0.7 }",
        "{ metric: f1, goal: maximize, max: 0.99 }",
      ),
    );
    expect(found).toEqual([at(42, 19, "SLW143", "metric `f1` already has a gate (gates[0])")]);
  });

  it("warns when a metric's name suggests the other direction", async () => {
    const found = await validateTemplate(
      gates(
        "{ metric: val_loss, goal: maximize, max: 0.3 }",
        "{ metric: accuracy, goal: minimize, min: 0.9 }",
        "{ metric: p95LatencyMs, goal: maximize, max: 40 }",
        "{ metric: f1, goal: maximize, min: 0.8 }",
      ),
    );
    expect(found).toEqual([
      at(
        40,
        35,
        "SLW145",
        "`val_loss` reads like a metric where lower is better, but the goal is maximize",
        "warning",
      ),
      at(
        41,
        35,
        "SLW145",
        "`accuracy` reads like a metric where higher is better, but the goal is minimize",
        "warning",
      ),
      at(
        42,
        39,
        "SLW145",
        "`p95LatencyMs` reads like a metric where lower is better, but the goal is maximize",
        "warning",
      ),
    ]);
  });

  it("does not guess a direction from parts of words", async () => {
    const found = await validateTemplate(
      gates(
        "{ metric: referral_rate, goal: maximize, min: 0.1 }",
        "{ metric: uptime, goal: maximize, min: 0.99 }",
        "{ metric: mapping_errors, goal: minimize, max: 3 }",
        "{ metric: log_loss_vs_precision, goal: minimize, max: 1 }",
      ),
    );
    expect(found).toEqual([]);
  });
});
