import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { expectGolden } from "../helpers/golden.ts";
import { runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import { SERVER_CONFIG_EXAMPLE } from "../helpers/template.ts";

const COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

describe("slipway render", () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(() => repo.remove());

  it("prints the environment's objects as multi-document YAML, with the server's binding (golden)", async () => {
    const run = await runCli(
      [
        "render",
        repo.dir,
        "--env",
        "production",
        "--server-config",
        SERVER_CONFIG_EXAMPLE,
        "--commit",
        COMMIT,
      ],
      "/",
    );
    expect(run.code).toBe(0);
    expectGolden("render/template-production.yaml", run.stdout);
    const docs = parseAllDocuments(run.stdout);
    expect(Array.isArray(docs) && docs.every((d) => d.errors.length === 0)).toBe(true);
    expect(run.stderr).toContain("not rendered: Pipeline fraud-detection-retrain");
  });

  it("without a server configuration, says which default binding it assumes and the namespaces used", async () => {
    const run = await runCli(["render", ".", "--env", "staging"], repo.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "slipway render: no --server-config; 'staging' rendered with the default binding (KServe Standard " +
        "mode, no GPU placement): objects in namespaces feast, kserve, kubeflow, ml-serving, mlflow, monitoring\n",
    );
    expect(run.stderr).not.toContain("namespace default");
    expect(run.stdout).toContain("slipway.dev/source-commit: unknown");
    expect(run.stdout).toContain("serving.kserve.io/deploymentMode: Standard");
  });

  it("exits 1 with the validation diagnostics when the repository is invalid, printing no objects", async () => {
    repo.edit("models/fraud-detection.yaml", "service: fraud_detection_v2", "service: fraud_detection_v3");
    const run = await runCli(["render", repo.dir, "--env", "staging"], "/");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("SLW102");
  });

  it("exits 2 on usage errors", async () => {
    expect((await runCli(["render", repo.dir], "/")).stderr).toContain("--env is required");
    const unknownEnv = await runCli(["render", repo.dir, "--env", "qa"], "/");
    expect(unknownEnv.code).toBe(2);
    expect(unknownEnv.stderr).toContain("declares no environment 'qa' (declared: staging, production)");
    expect((await runCli(["render", repo.dir, "--env", "staging", "--commit", "HEAD"], "/")).code).toBe(2);
    expect((await runCli(["render", repo.dir, "--env", "staging", "--repo", "acme/x"], "/")).code).toBe(2);
  });
});
