import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ServerConfig } from "../../src/manifests/schemas/server-config.ts";
import { bindingFor, validateServerConfig } from "../../src/manifests/validate-server-config.ts";
import { SERVER_CONFIG_EXAMPLE } from "../helpers/template.ts";

const FILE = "/etc/slipway/server-config.yaml";
const encode = (text: string) => new TextEncoder().encode(text);
const brief = (ds: { line: number; column: number; code: string; message: string }[]) =>
  ds.map(({ line, column, code, message }) => ({ line, column, code, message }));

const MINIMAL = `version: 1
bindings:
  - repository: acme/ml-platform
    environments:
      staging:
        cluster: { inCluster: true }
        namespaces: [ml-serving]
    integrations:
      mlflow:
        type: mlflow
        trackingUri: https://mlflow.acme.internal
        token: { env: MLFLOW_TRACKING_TOKEN }
`;

describe("server configuration", () => {
  it("accepts the example configuration and a minimal one", () => {
    expect(
      validateServerConfig(SERVER_CONFIG_EXAMPLE, new Uint8Array(readFileSync(SERVER_CONFIG_EXAMPLE)))
        .diagnostics,
    ).toEqual([]);
    const { config, diagnostics } = validateServerConfig(FILE, encode(MINIMAL));
    expect(diagnostics).toEqual([]);
    expect(config?.bindings[0]?.repository).toBe("acme/ml-platform");
  });

  it("locates schema errors and returns no configuration", () => {
    const text = MINIMAL.replace("version: 1", "version: 2")
      .replace("namespaces: [ml-serving]", "namespaces: [ML_Serving]")
      .replace("type: mlflow", "type: mlfow");
    const { config, diagnostics } = validateServerConfig(FILE, encode(text));
    expect(config).toBeNull();
    expect(diagnostics.every((d) => d.file === FILE && d.severity === "error")).toBe(true);
    expect(brief(diagnostics).map((d) => [d.line, d.column, d.code])).toEqual([
      [1, 10, "SLW033"],
      [7, 22, "SLW035"],
      [10, 15, "SLW033"],
    ]);
  });

  it("refuses a repository that is not owner/repo or owner/*", () => {
    const { diagnostics } = validateServerConfig(FILE, encode(MINIMAL.replace("acme/ml-platform", "acme")));
    expect(brief(diagnostics)).toEqual([
      {
        line: 3,
        column: 17,
        code: "SLW035",
        message: "`bindings[0].repository` must be owner/repo or owner/*",
      },
    ]);
  });

  it("refuses literal credentials, naming the path but never the value", () => {
    const text = MINIMAL.replace(
      "token: { env: MLFLOW_TRACKING_TOKEN }",
      "token: mlflow-T0ken-Literal",
    ).concat(
      "      lake:\n        type: s3\n        endpoint: https://minio:Min1o-Pass@minio.acme.internal\n        secretAccessKey: AKIA-Literal-Key\n",
    );
    const { config, diagnostics } = validateServerConfig(FILE, encode(text));
    expect(config).toBeNull();
    const located = brief(diagnostics).filter((d) => d.code === "SLW170" || d.code === "SLW171");
    expect(located).toEqual([
      {
        line: 12,
        column: 16,
        code: "SLW170",
        message: "`bindings[0].integrations.mlflow.token` holds a literal credential",
      },
      {
        line: 15,
        column: 19,
        code: "SLW171",
        message:
          "`bindings[0].integrations.lake.endpoint` is a https URI with a password in it (user:password@host)",
      },
      {
        line: 16,
        column: 26,
        code: "SLW170",
        message: "`bindings[0].integrations.lake.secretAccessKey` holds a literal credential",
      },
    ]);
    for (const d of diagnostics) {
      for (const secret of ["mlflow-T0ken-Literal", "Min1o-Pass", "AKIA-Literal-Key"]) {
        expect(`${d.message} ${d.hint ?? ""}`).not.toContain(secret);
      }
    }
  });

  it("refuses more than one YAML document", () => {
    const { config, diagnostics } = validateServerConfig(FILE, encode(`${MINIMAL}---\n${MINIMAL}`));
    expect(config).toBeNull();
    expect(brief(diagnostics)).toEqual([
      {
        line: 14,
        column: 1,
        code: "SLW190",
        message: "the server configuration must be exactly one YAML document",
      },
    ]);
  });
});

describe("bindingFor", () => {
  const config = {
    version: 1,
    bindings: [
      { repository: "acme/*", environments: { staging: { cluster: {}, namespaces: ["shared"] } } },
      { repository: "Acme/ML-Platform", environments: { production: { cluster: {}, namespaces: ["ml"] } } },
      { repository: "other/ml-platform", environments: { dev: { cluster: {}, namespaces: ["dev"] } } },
    ],
  } as ServerConfig;

  it("prefers an exact owner/repo entry over owner/*, in any case", () => {
    expect(bindingFor(config, "acme/ml-platform")?.repository).toBe("Acme/ML-Platform");
    expect(bindingFor(config, "ACME/ml-platform")?.repository).toBe("Acme/ML-Platform");
  });

  it("falls back to owner/* for other repositories of the owner, in any case", () => {
    expect(bindingFor(config, "acme/churn")?.repository).toBe("acme/*");
    expect(bindingFor(config, "ACME/Churn")?.repository).toBe("acme/*");
  });

  it("binds nothing for an unknown owner, and owner/* never matches another owner", () => {
    expect(bindingFor(config, "evil/ml-platform")).toBeNull();
    expect(bindingFor(config, "acme-evil/churn")).toBeNull();
    expect(bindingFor(config, "other/churn")).toBeNull();
  });
});
