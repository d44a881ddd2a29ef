import { describe, expect, it } from "vitest";
import { bindingFor, validateServerConfig } from "../../src/manifests/validate-server-config.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { exampleEnvironment, renderTemplate } from "../render/render-fixtures.ts";

// `reports` in the operator's server configuration: validated with located errors, resolved per
// repository and environment by bindingFor, and passed by render to the monitor Jobs.

const FILE = "/etc/slipway/server-config.yaml";
const encode = (text: string) => new TextEncoder().encode(text);

const CONFIG = `version: 1
bindings:
  - repository: acme/*
    environments:
      staging: { cluster: { inCluster: true }, namespaces: [ml-serving] }
      production: { cluster: { inCluster: true }, namespaces: [ml-serving] }
    integrations:
      lake: { type: s3, region: eu-west-1 }
      mlflow: { type: mlflow, trackingUri: "https://mlflow.acme.internal" }
    reports:
      integration: lake
      prefix: s3://acme-reports/slipway/
`;

const brief = (ds: { line: number; column: number; code: string; message: string }[]) =>
  ds.map(({ line, column, code, message }) => ({ line, column, code, message }));

describe("reports in the server configuration", () => {
  it("resolves each environment's prefix for the repository (lowercase owner and name)", () => {
    const { config, diagnostics } = validateServerConfig(FILE, encode(CONFIG));
    expect(diagnostics).toEqual([]);
    if (!config) throw new Error("invalid");
    const binding = bindingFor(config, "Acme/ML-Platform");
    expect(binding?.environments.staging?.monitorReports).toEqual({
      integration: "lake",
      prefix: "s3://acme-reports/slipway/acme/ml-platform/staging/",
    });
    expect(binding?.environments.production?.monitorReports?.prefix).toBe(
      "s3://acme-reports/slipway/acme/ml-platform/production/",
    );
    // The configuration itself is left as written.
    expect(config.bindings[0]?.environments.staging).not.toHaveProperty("monitorReports");
  });

  it("locates an unknown or non-s3 integration and a prefix that is not an s3://bucket/…/ prefix", () => {
    const unknown = validateServerConfig(
      FILE,
      encode(CONFIG.replace("integration: lake", "integration: lakes")),
    );
    expect(unknown.config).toBeNull();
    expect(brief(unknown.diagnostics)).toEqual([
      {
        line: 11,
        column: 20,
        code: "SLW190",
        message: 'names no integration of this binding: "lakes" is not under integrations',
      },
    ]);
    const mlflow = validateServerConfig(
      FILE,
      encode(CONFIG.replace("integration: lake", "integration: mlflow")),
    );
    expect(brief(mlflow.diagnostics)[0]?.message).toBe(
      'must name an s3 integration; "mlflow" is of type mlflow',
    );
    const prefix = validateServerConfig(
      FILE,
      encode(CONFIG.replace("s3://acme-reports/slipway/", "s3://acme-reports/slipway")),
    );
    expect(brief(prefix.diagnostics)).toEqual([
      expect.objectContaining({
        line: 12,
        code: "SLW035",
        message: expect.stringContaining("must be an s3://bucket/"),
      }),
    ]);
  });
});

type Container = { args: string[]; envFrom: Record<string, unknown>[] };
const cronContainer = (objects: KubeObject[]): Container => {
  const cron = objects.find(
    (o) => o.kind === "CronJob" && o.metadata.name === "slipway-monitor-fraud-detection-drift",
  ) as
    | (KubeObject & { spec: { jobTemplate: { spec: { template: { spec: { containers: Container[] } } } } } })
    | undefined;
  const container = cron?.spec.jobTemplate.spec.template.spec.containers[0];
  if (!container) throw new Error("no monitor CronJob");
  return container;
};

describe("the monitor CronJob with reports bound", () => {
  it("writes below <prefix><monitor>/ with the reports integration's Secret under SLIPWAY_REPORT_", async () => {
    const binding = {
      ...exampleEnvironment("staging"),
      monitorReports: { integration: "reports-lake", prefix: "s3://r/acme/ml-platform/staging/" },
    };
    const container = cronContainer((await renderTemplate(() => {}, { binding })).objects);
    expect(container.args).toEqual([
      "drift",
      "--monitor-file",
      "/etc/slipway/monitor/monitor.json",
      "--exit-zero-on-findings",
      "--report-to",
      "s3://r/acme/ml-platform/staging/fraud-detection-drift/",
    ]);
    expect(container.envFrom).toEqual([
      { secretRef: { name: "slipway-integration-datalake" } },
      { prefix: "SLIPWAY_REPORT_", secretRef: { name: "slipway-integration-reports-lake" } },
    ]);
  });

  it("prints the JSON report to the Job's log when no reports are bound", async () => {
    const container = cronContainer(
      (await renderTemplate(() => {}, { binding: exampleEnvironment("staging") })).objects,
    );
    expect(container.args).toEqual([
      "drift",
      "--monitor-file",
      "/etc/slipway/monitor/monitor.json",
      "--exit-zero-on-findings",
      "--format",
      "json",
    ]);
    expect(container.envFrom).toEqual([{ secretRef: { name: "slipway-integration-datalake" } }]);
  });
});
