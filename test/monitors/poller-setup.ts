import { Probot, ProbotOctokit } from "probot";
import type { ServerConfig } from "../../src/manifests/schemas/server-config.ts";
import { validateServerConfig } from "../../src/manifests/validate-server-config.ts";
import type { FakeGitHub } from "../fakes/fake-github.ts";
import { BUCKET } from "./monitor-fixture.ts";

// What the server's monitor poller runs with in these tests: a server configuration binding `acme/*`
// with `reports` in s3rver's bucket, and a Probot against the fake GitHub whose log lines are kept.

export function pollerConfig(endpoint: string): ServerConfig {
  const text = `version: 1
bindings:
  - repository: acme/*
    environments:
      staging: { cluster: {}, namespaces: [ml-serving, mlflow, feast, kubeflow, kserve, monitoring] }
      production: { cluster: {}, namespaces: [ml-serving, mlflow, feast, kubeflow, kserve, seldon-system, monitoring] }
    integrations:
      mlflow: { type: mlflow, trackingUri: "http://127.0.0.1:9" }
      datalake: { type: s3, allowedPrefixes: ["s3://acme-datalake/"] }
      kubeflow: { type: kfp, endpoint: "https://kubeflow.example/pipeline" }
      ml-alerts: { type: slack, token: { env: SLACK_BOT_TOKEN } }
      reports: { type: s3, endpoint: "${endpoint}", accessKeyId: { env: R_KEY }, secretAccessKey: { env: R_SECRET } }
    reports: { integration: reports, prefix: "s3://${BUCKET}/slipway/" }
`;
  const { config: parsed, diagnostics } = validateServerConfig("c.yaml", new TextEncoder().encode(text));
  if (!parsed) throw new Error(JSON.stringify(diagnostics));
  return parsed;
}

/** A Probot of the fake GitHub's App; its info and warn lines go to `lines`. */
export function pollerProbot(fake: FakeGitHub, lines: string[]): Probot {
  const log = {
    child: () => log,
    info: (fields: object, message: string) => lines.push(`info ${message} ${JSON.stringify(fields)}`),
    warn: (fields: object, message: string) => lines.push(`warn ${message} ${JSON.stringify(fields)}`),
    error: () => {},
    debug: () => {},
    trace: () => {},
    fatal: () => {},
  };
  return new Probot({
    appId: fake.appId,
    privateKey: fake.privateKeyPem,
    Octokit: ProbotOctokit.defaults({
      baseUrl: fake.apiUrl,
      retry: { enabled: false },
      throttle: { enabled: false },
    }),
    log: log as never,
  });
}
