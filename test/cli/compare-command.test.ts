import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { baseFiles, CANDIDATE_RUN, type Scenario, startScenario } from "../evidence/scenario.ts";
import { expectGolden } from "../helpers/golden.ts";
import { runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import { buildMlflowDb } from "../tracker/fixtures/build-mlflow-db.ts";
import { buildMlruns } from "../tracker/fixtures/build-mlruns.ts";

// Issue 4: `slipway compare --model NAME [DIR] [--format text|json|markdown]`, exit 0/1/2, against
// a tracking server, a sqlite:/// database and an mlruns directory holding the same seed scenario.
describe("slipway compare", () => {
  let scenario: Scenario;
  let repo: TempRepo;
  beforeEach(async () => {
    scenario = await startScenario();
    repo = new TempRepo();
  });
  afterEach(async () => {
    await scenario.close();
    repo.remove();
  });

  const compare = (...args: string[]) =>
    runCli(["compare", "--model", "fraud-detection", repo.dir, ...args], repo.dir);

  it("passes the seed candidate against the registry's champion, exit 0", async () => {
    const run = await compare("--tracking-uri", scenario.fake.url);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("fraud-detection: PASS (4 of 4 gates pass)");
    expect(run.stdout).toContain(
      `Version: 7 (READY) -> mlflow-artifacts:/${scenario.experimentId}/${CANDIDATE_RUN}/artifacts/model`,
    );
    expect(run.stdout).toContain("Baseline: the version production serves, per the registry alias");
  });

  it("takes production's version from --base, and reads MLFLOW_TRACKING_URI", async () => {
    const base = new TempRepo();
    for (const [path, text] of Object.entries(await baseFiles())) base.write(path, text);
    const run = await runCli(
      ["compare", "--model", "fraud-detection", repo.dir, "--base", base.dir],
      repo.dir,
      {
        MLFLOW_TRACKING_URI: scenario.fake.url,
      },
    );
    base.remove();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("per the default branch");
  });

  it("gives the same answer from sqlite:///mlflow.db and from ./mlruns, and matches the golden files", async () => {
    buildMlflowDb(join(repo.dir, "mlflow.db"), scenario.fake.state);
    await buildMlruns(join(repo.dir, "mlruns"), scenario.fake.state);
    const sqlite = await compare("--tracking-uri", "sqlite:///mlflow.db");
    const mlruns = await compare("--tracking-uri", "./mlruns");
    const rest = await compare("--tracking-uri", scenario.fake.url);
    expect(sqlite.code).toBe(0);
    expect(mlruns.stdout).toBe(sqlite.stdout);
    expect(rest.stdout).toBe(sqlite.stdout);
    const id = new RegExp(`mlflow-artifacts:/${scenario.experimentId}/`, "g");
    expectGolden("compare/seed.txt", sqlite.stdout.replace(id, "mlflow-artifacts:/EXP/"));
    const markdown = await compare("--tracking-uri", "sqlite:///mlflow.db", "--format", "markdown");
    expectGolden("compare/seed.md", markdown.stdout.replace(id, "mlflow-artifacts:/EXP/"));
    const json = JSON.parse(
      (await compare("--tracking-uri", "sqlite:///mlflow.db", "--format", "json")).stdout,
    );
    expect(json).toMatchObject({
      version: 2,
      verdict: "pass",
      models: [{ model: "fraud-detection", verdict: "pass", status: "evaluated" }],
    });
    const comparison = json.models[0].comparison;
    expect(comparison.lineage.training.change).toBe("changed");
    expect(comparison.lineage.evaluation).toMatchObject({
      change: "same",
      candidate: [{ name: "holdout-2026-q3", digest: "1e2f3a4b", context: "evaluation", rows: 50000 }],
    });
    expect(comparison.gates[3].comparability).toMatchObject({ basis: "run-inputs", status: "same" });
    expect(comparison).toMatchObject({
      warnings: [],
      requireEvaluationData: false,
      baselineLabel: "production",
    });
    expect(json.models[0].comparison.gates.map((g: { verdict: string }) => g.verdict)).toEqual([
      "pass",
      "pass",
      "pass",
      "pass",
    ]);
  });

  it("exits 1 when a gate fails", async () => {
    repo.edit(
      "models/fraud-detection.yaml",
      "{ metric: recall, goal: maximize, min: 0.75 }",
      "{ metric: recall, goal: maximize, min: 0.78 }",
    );
    const run = await compare("--tracking-uri", scenario.fake.url);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("fraud-detection: FAIL (3 of 4 gates pass)");
  });

  it("exits 1 when the version is not READY, even though its gates would pass", async () => {
    const version = scenario.fake.state.models
      .get("fraud-detection")
      ?.versions.find((v) => v.version === "7");
    if (version) version.status = "PENDING_REGISTRATION";
    const run = await compare("--tracking-uri", scenario.fake.url);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("1 evidence problem");
    expect(run.stdout).toContain("ERROR: version 7 of fraud-detection is PENDING_REGISTRATION, not READY");
  });

  it("compares with --against a version, saying it is not the gate's baseline", async () => {
    const run = await compare("--tracking-uri", scenario.fake.url, "--against", "7");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("named with --against");
  });

  it("exits 2 with one plain line when MLflow cannot be reached", async () => {
    const url = scenario.fake.url;
    await scenario.close();
    const run = await compare("--tracking-uri", url);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^slipway compare: evidence unavailable: MLflow could not be reached/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    scenario = await startScenario();
  });

  it("exits 2 when --tracking-uri names a directory that is not an mlruns store", async () => {
    const run = await compare("--tracking-uri", join(repo.dir, "models"));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("is not an MLflow file store: no experiment folder with a meta.yaml");
  });

  it.each([
    [[], "--model is required"],
    [["--model", "nope", "--tracking-uri", "http://127.0.0.1:1"], "no Model named 'nope'"],
    [
      ["--model", "fraud-detection", "--against", "latest", "--tracking-uri", "http://127.0.0.1:1"],
      "--against takes",
    ],
    [["--model", "fraud-detection"], "no MLflow: pass --tracking-uri"],
    [
      ["--model", "fraud-detection", "--tracking-uri", "postgresql://u:secret@db/mlflow"],
      'the scheme "postgresql"',
    ],
  ])("exits 2 on usage errors: %j", async (args, message) => {
    const run = await runCli(["compare", ...args, repo.dir], repo.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain("secret");
  });
});
