import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type LoggedInputs, type Scenario, startScenario } from "../evidence/scenario.ts";
import { expectGolden } from "../helpers/golden.ts";
import { type CliRun, runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import { buildMlflowDb } from "../tracker/fixtures/build-mlflow-db.ts";
import { buildMlruns } from "../tracker/fixtures/build-mlruns.ts";

// Issue 15: a retrained fraud-detection candidate judged on its evaluation data, the same answer from
// an MLflow server, a sqlite:///mlflow.db and an ./mlruns directory holding the same runs.
describe("slipway compare: relative gates on the evaluation data, through REST, sqlite and mlruns", () => {
  let scenario: Scenario | undefined;
  let repo: TempRepo | undefined;
  afterEach(async () => {
    await scenario?.close();
    repo?.remove();
  });

  async function compareEverywhere(
    inputs: LoggedInputs,
    options: { candidateMetrics?: Record<string, number>; policy?: boolean; args?: string[] } = {},
  ): Promise<CliRun> {
    scenario = await startScenario({
      inputs,
      ...(options.candidateMetrics ? { candidateMetrics: options.candidateMetrics } : {}),
    });
    repo = new TempRepo();
    if (options.policy)
      repo.edit(".slipway.yml", "  prune:\n", "  evidence:\n    requireEvaluationData: true\n  prune:\n");
    buildMlflowDb(join(repo.dir, "mlflow.db"), scenario.fake.state);
    await buildMlruns(join(repo.dir, "mlruns"), scenario.fake.state);
    const dir = repo.dir;
    const run = (uri: string) =>
      runCli(
        ["compare", "--model", "fraud-detection", dir, "--tracking-uri", uri, ...(options.args ?? [])],
        dir,
      );
    const rest = await run(scenario.fake.url);
    const sqlite = await run("sqlite:///mlflow.db");
    const mlruns = await run("./mlruns");
    const id = new RegExp(`mlflow-artifacts:/${scenario.experimentId}/`, "g");
    const same = (r: CliRun) => ({ ...r, stdout: r.stdout.replace(id, "mlflow-artifacts:/EXP/") });
    expect(same(sqlite)).toEqual(same(rest));
    expect(same(mlruns)).toEqual(same(rest));
    return same(rest);
  }

  it("passes a retrained, better candidate: new training data, the same holdout", async () => {
    const run = await compareEverywhere("retrained");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("fraud-detection: PASS (4 of 4 gates pass)\n");
    expect(run.stdout).toContain(
      "Evaluation data: the same for both runs — holdout-2026-q3 (digest 1e2f3a4b, 50,000 rows).",
    );
    expect(run.stdout).toContain(
      "Training data: retrained on new data (expected) — transactions-2026-11 (digest 9f3a2c71, 1,204,331 rows) replaces transactions-2026-10 (digest 5b1c7e0d, 1,180,002 rows).",
    );
    expect(run.stdout).not.toContain("WARNING");
  });

  it("fails a retrained candidate that is worse on the same holdout", async () => {
    const run = await compareEverywhere("retrained", { candidateMetrics: { roc_auc: 0.9401 } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("fraud-detection: FAIL (3 of 4 gates pass)");
    expect(run.stdout).toContain("  - roc_auc: regressed by more than 0.005 against production\n");
  });

  it("says not comparable, naming both holdouts, when the candidate was evaluated on another one", async () => {
    const run = await compareEverywhere("other-holdout");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^roc_auc .* NOT COMPARABLE /m);
    expect(run.stdout).toContain(
      "  - roc_auc: not comparable: the candidate was evaluated on holdout-2026-q4 (digest 77aa01bc) and production on holdout-2026-q3 (digest 1e2f3a4b)\n",
    );
  });

  it("passes with a warning when no run logged a dataset, as the seed's training script", async () => {
    const run = await compareEverywhere("none");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("fraud-detection: PASS (4 of 4 gates pass, comparability unverified)\n");
    expect(run.stdout).toContain(
      'WARNING: comparability unverified: Neither run recorded evaluation data, so roc_auc was judged on the numbers alone: the two runs may have been evaluated on different data. Record it with: mlflow.log_input(dataset, context="evaluation")\n',
    );
    expect(run.stdout).toContain("Training data: recorded by neither run.");
    expectGolden("compare/no-inputs.txt", run.stdout);
  });

  it("fails under policy.evidence.requireEvaluationData when no run logged its evaluation data", async () => {
    const run = await compareEverywhere("none", { policy: true });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("fraud-detection: FAIL (3 of 4 gates pass)");
    expect(run.stdout).toContain(
      "  - roc_auc: not comparable: the policy requires recorded evaluation data (policy.evidence.requireEvaluationData) and neither run recorded evaluation data\n",
    );
    expect(run.stdout).toContain("WARNING: evaluation data required:");
  });

  it("takes untagged inputs as evaluation data when they are all a run logged, and says so", async () => {
    const run = await compareEverywhere("untagged");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Evaluation data: the same for both runs — holdout-2026-q3 (digest 1e2f3a4b, 50,000 rows) (untagged inputs, taken as evaluation data because they are the run's only inputs).",
    );
  });

  it("heads the baseline column with the version named by --against", async () => {
    const run = await compareEverywhere("retrained", { args: ["--against", "6"] });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^metric +version 6 +candidate +delta +verdict +gate$/m);
    expect(run.stdout).toContain("Baseline: version 6, named with --against (not the gate's baseline)");
  });

  it("exits 2 with a plain error when --against names a version or a run that does not exist", async () => {
    const version = await compareEverywhere("retrained", { args: ["--against", "99"] });
    expect(version).toMatchObject({ code: 2, stdout: "" });
    expect(version.stderr).toBe(
      "slipway compare: --against 99: version 99 of fraud-detection does not exist in MLflow; nothing was compared\n",
    );
    const run = await compareEverywhere("retrained", { args: ["--against", "0".repeat(32)] });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`run ${"0".repeat(32)} does not exist in MLflow`);
  });
});
