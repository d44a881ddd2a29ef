import { describe, expect, it } from "vitest";
import { findPlaintextCredentials } from "../../src/manifests/find-credentials.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { renderValidationJson } from "../../src/report/validation-json.ts";
import { renderValidationText } from "../../src/report/validation-text.ts";
import { edit, exampleBinding, type Finding, validateTemplate } from "../helpers/check-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

const STACK = "platform/stack.yaml";
const MODEL = "models/fraud-detection.yaml";
const GRAFANA_VALUES =
  "        admin:\n          existingSecret: grafana-admin\n          userKey: admin-user\n          passwordKey: admin-password\n";

/** Replaces the grafana component's `admin` values (lines 117–120) with these lines, from line 117. */
function grafanaValues(...lines: string[]) {
  return (f: Record<string, string>) =>
    edit(f, STACK, GRAFANA_VALUES, lines.map((l) => `        ${l}\n`).join(""));
}

const literal = (file: string, line: number, column: number, path: string): Finding => ({
  file,
  line,
  column,
  severity: "error",
  code: "SLW170",
  message: `\`${path}\` holds a literal credential`,
});
const inUri = (file: string, line: number, column: number, path: string, scheme = "postgresql"): Finding => ({
  file,
  line,
  column,
  severity: "error",
  code: "SLW171",
  message: `\`${path}\` is a ${scheme} URI with a password in it (user:password@host)`,
});
const G = "spec.components.grafana.values";
/** `${NAME}`, a substitution, without writing a template placeholder inside a plain string. */
const braced = (name: string) => `${"$"}{${name}}`;

describe("plaintext credentials (SLW170)", () => {
  it("flags secret-like keys with literal values, at the value", async () => {
    const found = await validateTemplate(
      grafanaValues(
        "admin:",
        "  adminPassword: changeme123",
        "  password: hunter2",
        "  apiKey: ak-live-0001",
        "  secretAccessKey: wJalrXUtnFEMIK7MDENG",
        "  client_secret: oauth-cs-0002",
        "  keyPassword: changeit-0003",
        "  db_password: 123456",
        "  AWS_SESSION_TOKEN: FwoGZXIvYXdz",
        "  private-key: MIIEvQIBADANBg",
      ),
    );
    expect(found).toEqual([
      literal(STACK, 118, 26, `${G}.admin.adminPassword`),
      literal(STACK, 119, 21, `${G}.admin.password`),
      literal(STACK, 120, 19, `${G}.admin.apiKey`),
      literal(STACK, 121, 28, `${G}.admin.secretAccessKey`),
      literal(STACK, 122, 26, `${G}.admin.client_secret`),
      literal(STACK, 123, 24, `${G}.admin.keyPassword`),
      literal(STACK, 124, 24, `${G}.admin.db_password`),
      literal(STACK, 125, 30, `${G}.admin.AWS_SESSION_TOKEN`),
      literal(STACK, 126, 24, `${G}.admin.private-key`),
    ]);
  });

  it("flags an env list entry whose name is secret-like and whose value is literal", async () => {
    const found = await validateTemplate((f) =>
      edit(
        f,
        MODEL,
        "    serviceAccount: fraud-detection-reader\n",
        [
          "    serviceAccount: fraud-detection-reader",
          "    env:",
          "      - { name: MLFLOW_TRACKING_PASSWORD, value: x }",
          "      - { name: DB_PASSWORD, valueFrom: { secretRef: { name: mlflow-db, key: password } } }",
          "      - { name: LOG_LEVEL, value: debug }",
          "      - { name: HF_TOKEN, value: $(HF_TOKEN) }",
          "",
        ].join("\n"),
      ),
    );
    expect(found).toEqual([
      {
        file: MODEL,
        line: 37,
        column: 50,
        severity: "error",
        code: "SLW170",
        message: "`spec.serving.env[0].value` sets MLFLOW_TRACKING_PASSWORD to a literal credential",
      },
    ]);
  });

  it("does not flag references to secrets, substitutions, empty values or switches", async () => {
    const found = await validateTemplate(
      grafanaValues(
        "admin:",
        "  existingSecret: grafana-admin",
        "  passwordKey: admin-password",
        "  userPasswordKey: user-password",
        "  tokenFile: /var/run/secrets/token",
        "  keyOfSecretAccessKey: AWS_SECRET_ACCESS_KEY",
        "  secretName: grafana-tls",
        "  password:",
        "    secretRef: { name: grafana-admin, key: password }",
        "  adminPassword: $(DB_PASSWORD)",
        `  apiKey: ${braced("GRAFANA_API_KEY")}`,
        "  clientSecret: '{{ .Values.oauth.clientSecret }}'",
        '  secret: ""',
        "  token:",
        "  passwordEnabled: true",
        "  secretKey: false",
        "  max_tokens: 512",
        "  tokenizer: bert-base-uncased",
      ),
    );
    expect(found).toEqual([]);
  });

  it("does not flag settings that only mention a secret word: endpoints, lifetimes, providers", async () => {
    const found = await validateTemplate(
      grafanaValues(
        "grafana.ini:",
        "  auth.generic_oauth:",
        "    client_id: slipway",
        `    client_secret: ${braced("GF_OAUTH_CLIENT_SECRET")}`,
        "    token_url: https://idp.acme.internal/oauth/token",
        "    api_url: https://idp.acme.internal/userinfo",
        "    tokenEndpoint: https://idp.acme.internal/token",
        "    token_expiry: 3600",
        "    tokenTtl: 3600",
        "    password_policy: strong",
        "    secretsProvider: vault",
        "    credential_source: Environment",
      ),
    );
    expect(found).toEqual([]);
  });
});

describe("credentials in URIs (SLW171)", () => {
  const URI = "postgresql://mlops:xxx@db:5432/mlflow";

  it("flags user:password@ in chart values, descriptions and pipeline parameters", async () => {
    const found = await validateTemplate((f) => {
      grafanaValues("database:", `  url: ${URI}`, `  replicas: [${URI}]`)(f);
      edit(
        f,
        MODEL,
        "  description: Card-transaction fraud classifier (LightGBM), scored online at authorization time.",
        `  description: Reads labels from ${URI} nightly.`,
      );
      edit(
        f,
        "pipelines/fraud-detection-retrain.yaml",
        "    register_model: fraud-detection\n",
        "    register_model: mysql://etl:S3cret@labels:3306/fraud\n",
      );
    });
    expect(found).toEqual([
      inUri(MODEL, 8, 16, "metadata.description"),
      inUri("pipelines/fraud-detection-retrain.yaml", 18, 21, "spec.parameters.register_model", "mysql"),
      inUri(STACK, 118, 16, `${G}.database.url`),
      inUri(STACK, 119, 22, `${G}.database.replicas[0]`),
    ]);
  });

  it("does not flag URIs without a password or with a substituted one", async () => {
    const found = await validateTemplate(
      grafanaValues(
        "database:",
        "  a: postgresql://mlops@db:5432/mlflow",
        "  b: postgresql://mlops:$(DB_PASSWORD)@db:5432/mlflow",
        `  c: postgresql://mlops:${braced("DB_PASSWORD")}@db:5432/mlflow`,
        "  d: https://db:5432/mlflow?user=mlops",
        "  e: s3://acme-ml-artifacts/mlflow",
        "  f: https://grafana.acme.internal:3000/login",
      ),
    );
    expect(found).toEqual([]);
  });

  it("flags a literal password in a URI even after a substituted one in the same text", () => {
    const found = findPlaintextCredentials({
      note: "primary postgresql://app:$(PW)@db-a/x, replica postgresql://app:Lit3ral@db-b/x",
    });
    expect(found.map((f) => [f.code, f.path])).toEqual([["SLW171", ["note"]]]);
  });
});

describe("secret values never reach the output", () => {
  const SECRETS = [
    "changeme123",
    "hunter2-Zq",
    "ak-live-7f3e9",
    "wJalrXUtnFEMI-K7MDENG",
    "oauth-cs-5521",
    "S3cr3t-URI-pw",
    "Envvar-Secret-77",
    "987654321",
    "S3rv3r-T0ken",
  ];

  it("names the path in messages and hints, and the text and JSON renderings, but never the value", async () => {
    const files = await templateFiles();
    grafanaValues(
      "admin:",
      `  adminPassword: ${SECRETS[0]}`,
      `  password: ${SECRETS[1]}`,
      `  apiKey: ${SECRETS[2]}`,
      `  secretAccessKey: ${SECRETS[3]}`,
      `  client_secret: ${SECRETS[4]}`,
      `  url: postgresql://mlops:${SECRETS[5]}@db:5432/mlflow`,
    )(files);
    edit(
      files,
      MODEL,
      "    serviceAccount: fraud-detection-reader\n",
      [
        "    serviceAccount: fraud-detection-reader",
        "    env:",
        `      - { name: MLFLOW_TRACKING_PASSWORD, value: ${SECRETS[6]} }`,
        `      - { name: DB_PASSWORD, value: ${SECRETS[7]} }`,
        "",
      ].join("\n"),
    );
    edit(files, ".slipway.yml", "  tracking: mlflow\n", `  tracking: mlflow\n  token: ${SECRETS[8]}\n`);
    const result = validateRepo(treeOf(files), { binding: exampleBinding() });

    const codes = result.diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === "SLW170")).toHaveLength(8);
    expect(codes.filter((c) => c === "SLW171")).toHaveLength(1);
    const outputs = [
      ...result.diagnostics.flatMap((d) => [d.message, d.hint ?? ""]),
      renderValidationText(result.diagnostics, result.summary),
      renderValidationJson(result.ok, result.diagnostics, result.summary),
    ];
    for (const secret of SECRETS) {
      for (const output of outputs) expect(output, secret).not.toContain(secret);
    }
  });
});
