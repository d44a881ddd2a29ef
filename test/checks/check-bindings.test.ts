import { describe, expect, it } from "vitest";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { edit, exampleBinding, type Finding, validateTemplate } from "../helpers/check-repo.ts";

const CONFIG = ".slipway.yml";
const MODEL = "models/fraud-detection.yaml";
const MONITOR = "monitors/fraud-detection-drift.yaml";
const STACK = "platform/stack.yaml";

const error = (file: string, line: number, column: number, code: string, message: string): Finding =>
  ({ file, line, column, severity: "error", code, message }) as Finding;

function bound(change: (b: ServerBinding) => void): { binding: ServerBinding } {
  const binding = exampleBinding();
  change(binding);
  return { binding };
}
const integrations = (b: ServerBinding) => b.integrations as NonNullable<ServerBinding["integrations"]>;

describe("bindings", () => {
  it("without a server binding, gives two notices that names were not checked", async () => {
    const found = await validateTemplate(() => {}, { binding: null });
    expect(found).toEqual([
      {
        file: CONFIG,
        line: 4,
        column: 1,
        severity: "notice",
        code: "SLW123",
        message: "environment names are not checked against server bindings",
      },
      {
        file: CONFIG,
        line: 14,
        column: 1,
        severity: "notice",
        code: "SLW123",
        message: "integration names are not checked against server bindings",
      },
    ]);
  });

  it("refuses an environment the server does not bind", async () => {
    const found = await validateTemplate(
      () => {},
      bound((b) => {
        delete b.environments.staging;
      }),
    );
    expect(found).toEqual([
      error(
        CONFIG,
        5,
        11,
        "SLW121",
        "environment `staging` is not bound for this repository (bound: production)",
      ),
    ]);
  });

  it("refuses an integration the server does not bind", async () => {
    const found = await validateTemplate(
      () => {},
      bound((b) => {
        delete integrations(b).kubeflow;
      }),
    );
    expect(found).toEqual([
      error(CONFIG, 17, 14, "SLW122", "integration `kubeflow` is not bound for this repository"),
    ]);
  });

  it("refuses an integration bound with another type than its role needs", async () => {
    const found = await validateTemplate(
      () => {},
      bound((b) => {
        integrations(b).datalake = { type: "mlflow", trackingUri: "https://mlflow.acme.internal" };
        integrations(b).mlflow = { type: "s3", allowedPrefixes: ["s3://acme-datalake/"] };
      }),
    );
    expect(found).toEqual([
      error(CONFIG, 15, 13, "SLW125", "integration `mlflow` is of type s3; tracking needs mlflow"),
      error(CONFIG, 16, 14, "SLW125", "integration `datalake` is of type mlflow; datasets needs s3"),
    ]);
  });

  it("refuses a monitor dataset outside the integration's allowed prefixes, by whole segments", async () => {
    for (const path of [
      "s3://acme-datalake/hr/salaries.parquet",
      "s3://acme-datalake/fraudulent/x.parquet",
    ]) {
      const found = await validateTemplate((f) =>
        edit(f, MONITOR, "path: s3://acme-datalake/fraud/training/v7/reference.parquet", `path: ${path}`),
      );
      expect(found, path).toEqual([
        error(
          MONITOR,
          11,
          11,
          "SLW127",
          "`reference.path` is outside the prefixes integration `datalake` allows (s3://acme-datalake/fraud/, s3://acme-datalake/features/, s3://acme-datalake/dvcstore/)",
        ),
      ]);
    }
    const prefixWithoutSlash = await validateTemplate(
      (f) =>
        edit(
          f,
          MONITOR,
          "prefix: s3://acme-datalake/fraud/scored/",
          "prefix: s3://acme-datalake/fraudsters/",
        ),
      bound((b) => {
        integrations(b).datalake = { type: "s3", allowedPrefixes: ["s3://acme-datalake/fraud"] };
      }),
    );
    expect(prefixWithoutSlash).toEqual([
      error(
        MONITOR,
        15,
        13,
        "SLW127",
        "`current.prefix` is outside the prefixes integration `datalake` allows (s3://acme-datalake/fraud)",
      ),
    ]);
  });

  it("refuses '..' segments that would climb out of an allowed prefix", async () => {
    const found = await validateTemplate((f) =>
      edit(
        f,
        MONITOR,
        "path: s3://acme-datalake/fraud/training/v7/reference.parquet",
        "path: s3://acme-datalake/fraud/../hr/salaries.parquet",
      ),
    );
    expect(found).toEqual([
      error(
        MONITOR,
        11,
        11,
        "SLW127",
        "`reference.path` has '.' or '..' segments; give the location without them",
      ),
    ]);
  });

  it("refuses a model namespace the environment's binding does not allow", async () => {
    const found = await validateTemplate(
      () => {},
      bound((b) => {
        (b.environments.staging as ServerBinding["environments"][string]).namespaces = [
          "mlflow",
          "feast",
          "kubeflow",
          "kserve",
          "monitoring",
        ];
      }),
    );
    expect(found).toEqual([
      error(
        MODEL,
        22,
        16,
        "SLW160",
        "namespace `ml-serving` is not one Slipway may write in `staging` (bound: mlflow, feast, kubeflow, kserve, monitoring)",
      ),
    ]);
  });

  it("refuses a component namespace the binding of an environment it is installed in does not allow", async () => {
    const found = await validateTemplate((f) =>
      edit(
        f,
        STACK,
        "      enabled: false\n      namespace: seldon-system\n",
        "      enabled: true\n      namespace: seldon-system\n      environments: [staging, production]\n",
      ),
    );
    expect(found).toEqual([
      error(
        STACK,
        88,
        18,
        "SLW160",
        "namespace `seldon-system` is not one Slipway may write in `staging` (bound: ml-serving, mlflow, feast, kubeflow, kserve, monitoring)",
      ),
    ]);
  });

  it("refuses manifests that use integrations .slipway.yml does not list", async () => {
    const found = await validateTemplate((f) => {
      edit(
        f,
        MONITOR,
        "  reference:\n    integration: datalake\n",
        "  reference:\n    integration: warehouse\n",
      );
      edit(f, MONITOR, "integration: ml-alerts", "integration: pagerduty");
      edit(f, "pipelines/fraud-detection-retrain.yaml", "integration: kubeflow", "integration: argo");
      edit(f, "features/customer-stats.yaml", "integration: datalake", "integration: lakehouse");
    });
    expect(found).toEqual([
      error(
        "features/customer-stats.yaml",
        19,
        18,
        "SLW124",
        "integration `lakehouse` is not listed under integrations.datasets in .slipway.yml",
      ),
      error(
        MONITOR,
        10,
        18,
        "SLW124",
        "integration `warehouse` is not listed under integrations.datasets in .slipway.yml",
      ),
      error(
        MONITOR,
        45,
        48,
        "SLW124",
        "integration `pagerduty` is not listed under integrations.notifications in .slipway.yml",
      ),
      error(
        "pipelines/fraud-detection-retrain.yaml",
        8,
        16,
        "SLW124",
        "integration `argo` is not listed under integrations.pipelines in .slipway.yml",
      ),
    ]);
  });

  it("refuses pre-merge applies to production, whether .slipway.yml or the server marks it", async () => {
    const marked = await validateTemplate((f) =>
      edit(f, CONFIG, "    production: true\n", "    production: true\n    preMergeApply: true\n"),
    );
    expect(marked).toEqual([
      error(CONFIG, 11, 20, "SLW180", "a production environment cannot take pre-merge applies"),
    ]);
    const boundAsProduction = await validateTemplate((f) =>
      edit(f, CONFIG, "    production: true\n", "    preMergeApply: true\n"),
    );
    expect(boundAsProduction).toEqual([
      error(
        CONFIG,
        10,
        20,
        "SLW180",
        "the server binds `production` as a production environment, which cannot take pre-merge applies",
      ),
    ]);
  });
});
