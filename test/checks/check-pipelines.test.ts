import { describe, expect, it } from "vitest";
import { edit, type Finding, validateTemplate } from "../helpers/check-repo.ts";

const PIPELINE = "pipelines/fraud-detection-retrain.yaml";
const PACKAGE = "packages/fraud-detection-retrain.yaml";

const at = (line: number, column: number, code: string, message: string, severity = "error"): Finding =>
  ({ file: PIPELINE, line, column, severity, code, message }) as Finding;

describe("what Kubeflow Pipelines would refuse", () => {
  it("the template passes as it is", async () => {
    expect(await validateTemplate(() => undefined)).toEqual([]);
  });

  it("a schedule of 5 (standard) or 6 (KFP's, seconds first) fields, nothing else", async () => {
    const schedule = (cron: string) => (f: Record<string, string>) =>
      edit(f, PIPELINE, '"0 3 1 * *"', `"${cron}"`);
    expect(await validateTemplate(schedule("30 0 3 1 * *"))).toEqual([]);
    expect(await validateTemplate(schedule("0 3 1 *"))).toEqual([
      at(
        19,
        13,
        "SLW150",
        "`spec.schedule` is not a valid cron schedule: a pipeline schedule has 5 fields (standard cron) or 6 (KFP's, seconds first), this one has 4",
      ),
    ]);
    expect(await validateTemplate(schedule("0 0 3 1 * 7"))).toEqual([
      at(
        19,
        13,
        "SLW150",
        "`spec.schedule` is not a valid cron schedule: field 6 (day of week): `7` is not a valid day of week (0–6 or a name)",
      ),
    ]);
  });

  it("parameters the compiled pipeline does not declare, or of the wrong type, located at the parameter", async () => {
    const found = await validateTemplate((f) => {
      edit(f, PIPELINE, "    learning_rate: 0.05\n", "    learning_rat: 0.05\n");
      edit(f, PIPELINE, "    num_leaves: 63\n", '    num_leaves: "63"\n');
    });
    expect(found).toEqual([
      at(
        16,
        5,
        "SLW139",
        "parameter `learning_rat` is not declared by `fraud-detection-retrain` (did you mean `learning_rate`?); it declares `learning_rate`, `num_leaves`, `register_model`, `training_window_days`",
      ),
      at(17, 17, "SLW139", "parameter `num_leaves` is a string; the pipeline declares an integer"),
    ]);
  });

  it("a required parameter left out fails every scheduled run; without a schedule it is a warning", async () => {
    const dropped = (f: Record<string, string>) =>
      edit(f, PIPELINE, "    register_model: fraud-detection\n", "");
    expect(await validateTemplate(dropped)).toEqual([
      at(
        14,
        3,
        "SLW139",
        "`fraud-detection-retrain` requires parameter `register_model`, which `spec.parameters` does not give: every scheduled run would fail",
      ),
    ]);
    const unscheduled = await validateTemplate((f) => {
      dropped(f);
      edit(f, PIPELINE, '  schedule: "0 3 1 * *"\n', "");
      edit(f, PIPELINE, "    - on: schedule\n", "");
    });
    expect(unscheduled).toEqual([
      at(
        14,
        3,
        "SLW139",
        "`fraud-detection-retrain` requires parameter `register_model`; runs started without `--param register_model=…` will fail",
        "warning",
      ),
    ]);
  });

  it("a package file that is not a compiled pipeline", async () => {
    const found = await validateTemplate((f) => {
      f[PACKAGE] = "apiVersion: v1\nkind: ConfigMap\n";
    });
    expect(found).toEqual([
      at(
        10,
        11,
        "SLW153",
        "the package is not a compiled pipeline KFP can run: packages/fraud-detection-retrain.yaml: not a compiled KFP v2 pipeline (`pipelineInfo` and `root` are missing); compile it with kfp.compiler",
      ),
    ]);
  });

  it("a missing service account", async () => {
    const found = await validateTemplate((f) => edit(f, PIPELINE, "  serviceAccount: pipeline-runner\n", ""));
    expect(found).toEqual([
      at(
        7,
        1,
        "SLW152",
        "a Pipeline needs `spec.serviceAccount`: without one KFP runs it as the namespace's default account, which nobody reviewed",
      ),
    ]);
  });

  it("a package URI outside what the binding may read", async () => {
    const uri = (value: string) => (f: Record<string, string>) =>
      edit(f, PIPELINE, "    path: packages/fraud-detection-retrain.yaml\n", `    uri: ${value}\n`);
    expect(await validateTemplate(uri("s3://acme-ml-artifacts/pipelines/retrain/v3.yaml"))).toEqual([]);
    expect(await validateTemplate(uri("https://artifacts.acme.internal/pipelines/retrain.yaml"))).toEqual([]);
    expect(await validateTemplate(uri("s3://acme-datalake/fraud/retrain.yaml"))).toEqual([
      at(
        10,
        10,
        "SLW127",
        "`package.uri` is outside the locations integration `ml-artifacts` allows (s3://acme-ml-artifacts/pipelines/)",
      ),
    ]);
    expect(await validateTemplate(uri("https://evil.example/pipelines/x.yaml"))).toEqual([
      at(
        10,
        10,
        "SLW127",
        "`package.uri` is outside the locations integration `kubeflow` allows under packages.allowedUrls (https://artifacts.acme.internal/pipelines/)",
      ),
    ]);
    expect(await validateTemplate(uri("http://artifacts.acme.internal/pipelines/x.yaml"))).toEqual([
      at(10, 10, "SLW127", "`package.uri` must be an s3:// or https:// location"),
    ]);
  });
});
