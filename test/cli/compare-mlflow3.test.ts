import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type LoggedInputs, type Scenario, SIGNATURE_INPUTS, startScenario } from "../evidence/scenario.ts";
import { type CliRun, runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import { buildMlflowDb } from "../tracker/fixtures/build-mlflow-db.ts";
import { buildMlruns } from "../tracker/fixtures/build-mlruns.ts";
import { writeArtifacts } from "../tracker/fixtures/local-artifacts.ts";

// Issue 15: MLflow 3 models — versions registering logged models whose metrics name their dataset, the
// signature only in each model's MLmodel — read from the server (artifact proxy), from a
// sqlite:///mlflow.db and from ./mlruns (artifacts on disk, file:// URIs).
describe("slipway compare on MLflow 3 models, through REST, sqlite and mlruns", () => {
  let scenario: Scenario | undefined;
  let repo: TempRepo | undefined;
  afterEach(async () => {
    await scenario?.close();
    repo?.remove();
  });

  async function compareEverywhere(
    options: { inputs?: LoggedInputs; signature?: readonly object[]; mlmodel?: boolean } = {},
  ): Promise<{ rest: CliRun; sqlite: CliRun; mlruns: CliRun }> {
    scenario = await startScenario({
      inputs: options.inputs ?? "none",
      mlflow3: { mlmodel: options.mlmodel ?? true },
      ...(options.signature ? { signature: options.signature } : {}),
    });
    repo = new TempRepo();
    const artifactRoot = join(repo.dir, "mlartifacts");
    await writeArtifacts(artifactRoot, scenario.fake.state);
    buildMlflowDb(join(repo.dir, "mlflow.db"), scenario.fake.state, { artifactRoot });
    await buildMlruns(join(repo.dir, "mlruns"), scenario.fake.state, { artifactRoot });
    const dir = repo.dir;
    const run = (uri: string) =>
      runCli(["compare", "--model", "fraud-detection", dir, "--tracking-uri", uri], dir);
    return {
      rest: await run(scenario.fake.url),
      sqlite: await run("sqlite:///mlflow.db"),
      mlruns: await run("./mlruns"),
    };
  }

  /** The output with the artifact locations, which differ by store, written alike. */
  const text = (r: CliRun) =>
    r.stdout.replace(
      /(mlflow-artifacts:|file:\/\/)\S*\/models\/m-[0-9a-f]+\/artifacts/g,
      "<model artifacts>",
    );

  it("matches each gated metric on its dataset and checks the MLmodel signature: a pass, no warning", async () => {
    const { rest, sqlite, mlruns } = await compareEverywhere();
    for (const r of [rest, sqlite, mlruns]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("fraud-detection: PASS (4 of 4 gates pass)\n");
      expect(r.stdout).not.toContain("NOTE: signature not checked");
      expect(r.stdout).not.toContain("WARNING");
      expect(r.stdout).toContain(
        "Matched per metric on the dataset MLflow recorded with it: roc_auc on holdout-2026-q3 (digest 1e2f3a4b).",
      );
    }
    expect(text(sqlite)).toBe(text(rest));
    expect(text(mlruns)).toBe(text(rest));
  });

  it("fails a model whose MLmodel signature needs a feature the feature service does not serve", async () => {
    const signature = [...SIGNATURE_INPUTS, { type: "double", name: "chargeback_ratio", required: true }];
    const { rest, sqlite, mlruns } = await compareEverywhere({ signature });
    for (const r of [rest, sqlite, mlruns]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        "ERROR: the model's signature requires chargeback_ratio, which the consumed features do not provide",
      );
    }
  });

  it("notes an MLmodel it cannot find, and still judges the gates", async () => {
    const { rest, sqlite, mlruns } = await compareEverywhere({ mlmodel: false });
    for (const r of [rest, sqlite, mlruns]) expect(r.code).toBe(0);
    expect(rest.stdout).toMatch(
      /^NOTE: signature not checked: its MLmodel could not be read: MLflow could not serve mlflow-artifacts:\/\d+\/models\/m-[0-9a-f]+\/artifacts\/MLmodel \(/m,
    );
    for (const r of [sqlite, mlruns])
      expect(r.stdout).toMatch(
        /^NOTE: signature not checked: the model has no MLmodel file at file:\/\/\S+\/MLmodel$/m,
      );
  });
});
