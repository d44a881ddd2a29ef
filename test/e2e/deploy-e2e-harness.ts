import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulateControllers } from "../deploy/deploy-harness.ts";
import { baseFiles, type Scenario, startScenario } from "../evidence/scenario.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { type RunningServer, startSlipwayServer } from "../helpers/slipway-server.ts";
import { exampleEnvironment } from "../render/render-fixtures.ts";

export const OWNER = "acme";
export const REPO = "ml-platform";

/** The template's config with a user approver (the fake GitHub has no teams). */
export function withApprover(config: string): string {
  return config.replace('approvers: ["@acme/ml-platform"]', 'approvers: ["@carol"]');
}

export interface DeployE2E {
  github: FakeGitHub;
  server: RunningServer;
  mlflow: Scenario;
  clusters: Record<"staging" | "production", FakeKubernetes>;
  /** Stops the server (asserting a clean exit code is the caller's) and every fake. */
  close(): Promise<number | null>;
}

/**
 * The real `slipway serve` with a fake GitHub (the template repository at model version 6, carol and
 * dave with write access, carol the production approver), a fake MLflow and one fake Kubernetes API per
 * environment whose controllers report objects ready — the state kept in the clusters.
 */
export async function startDeployE2E(env: NodeJS.ProcessEnv = {}): Promise<DeployE2E> {
  const mlflow = await startScenario();
  const dir = mkdtempSync(join(tmpdir(), "slipway-deploy-"));
  const clusters = {} as Record<"staging" | "production", FakeKubernetes>;
  const stops: (() => void)[] = [];
  const envs: string[] = [];
  for (const name of ["staging", "production"] as const) {
    const binding = exampleEnvironment(name);
    const fake = await startFakeKubernetes();
    fake.namespaces(...binding.namespaces);
    clusters[name] = fake;
    stops.push(simulateControllers(fake));
    const kubeconfig = join(dir, `${name}.kubeconfig`);
    writeFileSync(kubeconfig, fake.kubeconfig({ context: name }));
    envs.push(
      `      ${name}: { cluster: { kubeconfig: "${kubeconfig}", context: ${name} }, namespaces: [${binding.namespaces.join(", ")}], url: "https://${name}.models.example"${name === "production" ? ", production: true" : ""} }`,
    );
  }
  const config = join(dir, "server-config.yaml");
  writeFileSync(
    config,
    `version: 1
bindings:
  - repository: ${OWNER}/${REPO}
    environments:
${envs.join("\n")}
    integrations:
      mlflow: { type: mlflow, trackingUri: "${mlflow.fake.url}" }
      datalake: { type: s3, endpoint: "http://127.0.0.1:9", allowedPrefixes: ["s3://acme-datalake/fraud/"], accessKeyId: { env: NO_KEY }, secretAccessKey: { env: NO_SECRET } }
      kubeflow: { type: kfp, endpoint: "https://kubeflow.example/pipeline" }
      ml-alerts: { type: slack, token: { env: SLACK_BOT_TOKEN } }
`,
  );
  const base = await baseFiles();
  const github = await startFakeGitHub();
  github.addRepo({
    owner: OWNER,
    name: REPO,
    files: { ...base, ".slipway.yml": withApprover(base[".slipway.yml"] ?? "") },
  });
  github.setPermission(OWNER, REPO, "carol", "write");
  github.setPermission(OWNER, REPO, "dave", "write");
  const server = await startSlipwayServer(github, {
    SLIPWAY_SERVER_CONFIG: config,
    SLIPWAY_HEALTH_TIMEOUT_SECONDS: "60",
    ...env,
  });
  return {
    github,
    server,
    mlflow,
    clusters,
    close: async () => {
      for (const stop of stops) stop();
      const code = await server.stop();
      await github.close();
      await mlflow.close();
      for (const fake of Object.values(clusters)) await fake.close();
      return code;
    },
  };
}
