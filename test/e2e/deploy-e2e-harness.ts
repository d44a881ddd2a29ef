import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulateControllers } from "../deploy/deploy-harness.ts";
import type { Manifest } from "../deploy/kustomize-build.ts";
import { baseFiles, type Scenario, startScenario } from "../evidence/scenario.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type FakeKfp, startFakeKfp } from "../fakes/kfp/fake.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { grantOverlay } from "../helpers/overlay-rbac.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { exampleEnvironment } from "../render/render-fixtures.ts";

export const OWNER = "acme";
/** The token the fake KFP's TokenReview accepts for Slipway's service account. */
export const KFP_TOKEN = "kfp-e2e-projected-token-0123456789";
export const KFP_NAMESPACE = "ml-platform";
export const REPO = "ml-platform";

/** The template's config with a user approver (the fake GitHub has no teams). */
export function withApprover(config: string): string {
  return config.replace('approvers: ["@acme/ml-platform"]', 'approvers: ["@carol"]');
}

type EnvironmentName = "staging" | "production";

export interface DeployE2EOptions {
  /** Environments whose simulated controllers start only on `startControllers` (objects stay not Ready). */
  heldControllers?: readonly EnvironmentName[];
  /** Per environment: the objects its simulated controllers report as failing (a model that will not load). */
  failing?: Partial<Record<EnvironmentName, (object: object) => boolean>>;
  /** Changes the repository's `.slipway.yml` (after carol is made the production approver). */
  slipwayYml?: (text: string) => string;
  /** Edits the overlay's RBAC before it is put in each cluster (e.g. a Role that forgot leases). */
  rbac?: (objects: Manifest[]) => Manifest[];
  /** Changes the seeded default branch (files by path; delete one to leave it out). */
  seed?: (files: Record<string, string>) => void;
  /** Changes the server configuration's text (more integrations, `reports`, webhook secrets). */
  configure?: (yaml: string) => string;
}

export interface DeployE2E {
  github: FakeGitHub;
  /** The current `slipway serve` process (replaced by `restart`). */
  server: RunningServer;
  mlflow: Scenario;
  /** A multi-user Kubeflow Pipelines where Slipway's account may act in `ml-platform`. */
  kfp: FakeKfp;
  clusters: Record<"staging" | "production", FakeKubernetes>;
  /** The server configuration's path (for `slipway render` as the operator runs it). */
  config: string;
  /** Starts the held controllers of `environment`: from now on its objects report ready. */
  startControllers(environment: EnvironmentName): void;
  /**
   * Starts another `slipway serve` against the same fakes (the caller stops or kills the previous one
   * first), with the harness's environment plus `env`; it becomes `server`.
   */
  restart(env?: NodeJS.ProcessEnv): Promise<RunningServer>;
  /** Stops the server (asserting a clean exit code is the caller's) and every fake. */
  close(): Promise<number | null>;
}

/**
 * The real `slipway serve` with a fake GitHub (the template repository at model version 6, carol and
 * dave with write access, carol the production approver), a fake MLflow and one fake Kubernetes API per
 * environment whose controllers report objects ready — the state kept in the clusters. Slipway reaches
 * each cluster as its ServiceAccount, authorized by the RBAC of `deploy/overlays/<environment>`.
 */
export async function startDeployE2E(
  env: NodeJS.ProcessEnv = {},
  options: DeployE2EOptions = {},
): Promise<DeployE2E> {
  const mlflow = await startScenario();
  const kfp = await startFakeKfp({
    multiUser: true,
    users: { "system:serviceaccount:kubeflow:slipway": [KFP_NAMESPACE] },
    tokens: { [KFP_TOKEN]: "system:serviceaccount:kubeflow:slipway" },
  });
  const dir = mkdtempSync(join(tmpdir(), "slipway-deploy-"));
  const clusters = {} as Record<"staging" | "production", FakeKubernetes>;
  const stops: (() => void)[] = [];
  const envs: string[] = [];
  for (const name of ["staging", "production"] as const) {
    const binding = exampleEnvironment(name);
    const fake = await startFakeKubernetes();
    fake.namespaces(...binding.namespaces);
    // Slipway talks to each cluster as its ServiceAccount, under the RBAC its overlay ships.
    const user = await grantOverlay(fake, name, options.rbac);
    clusters[name] = fake;
    const failing = options.failing?.[name];
    if (!options.heldControllers?.includes(name))
      stops.push(simulateControllers(fake, failing ? { failing } : {}));
    const kubeconfig = join(dir, `${name}.kubeconfig`);
    writeFileSync(kubeconfig, fake.kubeconfig({ context: name, ...(user ? { user } : {}) }));
    envs.push(
      `      ${name}: { cluster: { kubeconfig: "${kubeconfig}", context: ${name} }, namespaces: [${binding.namespaces.join(", ")}], url: "https://${name}.models.example"${name === "production" ? ", production: true" : ""} }`,
    );
  }
  const config = join(dir, "server-config.yaml");
  const configure = options.configure ?? ((text: string) => text);
  writeFileSync(
    config,
    configure(`version: 1
bindings:
  - repository: ${OWNER}/${REPO}
    environments:
${envs.join("\n")}
    integrations:
      mlflow: { type: mlflow, trackingUri: "${mlflow.fake.url}" }
      datalake: { type: s3, endpoint: "http://127.0.0.1:9", allowedPrefixes: ["s3://acme-datalake/fraud/"], accessKeyId: { env: NO_KEY }, secretAccessKey: { env: NO_SECRET } }
      kubeflow: { type: kfp, endpoint: "${kfp.url}", namespace: ${KFP_NAMESPACE}, token: { env: KFP_TOKEN }, mlflowPlugin: true }
      ml-alerts: { type: slack, token: { env: SLACK_BOT_TOKEN } }
`),
  );
  const base = await baseFiles();
  options.seed?.(base);
  const github = await startFakeGitHub();
  github.addRepo({
    owner: OWNER,
    name: REPO,
    files: {
      ...base,
      ".slipway.yml": (options.slipwayYml ?? ((t) => t))(withApprover(base[".slipway.yml"] ?? "")),
    },
  });
  github.setPermission(OWNER, REPO, "carol", "write");
  github.setPermission(OWNER, REPO, "dave", "write");
  const serve = (more: NodeJS.ProcessEnv = {}) =>
    startSlipwayServer(github, {
      SLIPWAY_SERVER_CONFIG: config,
      SLIPWAY_HEALTH_TIMEOUT_SECONDS: "60",
      KFP_TOKEN,
      ...env,
      ...more,
    });
  const e2e: DeployE2E = {
    github,
    server: await serve(),
    mlflow,
    kfp,
    clusters,
    config,
    startControllers: (name) => {
      stops.push(simulateControllers(clusters[name]));
    },
    restart: async (more) => {
      e2e.server = await serve(more);
      return e2e.server;
    },
    close: async () => {
      for (const stop of stops) stop();
      const code = await e2e.server.stop();
      await github.close();
      await mlflow.close();
      await kfp.close();
      for (const fake of Object.values(clusters)) await fake.close();
      return code;
    },
  };
  return e2e;
}

/**
 * Opens pull request `number` changing `files`, waits for its review (gates success), merges it and
 * delivers the push of the default branch; returns the merge commit.
 */
export async function mergePull(
  e2e: DeployE2E,
  number: number,
  files: Record<string, string>,
  user = "alice",
): Promise<string> {
  const { github, server } = e2e;
  const pull = github.openPullRequest({ owner: OWNER, repo: REPO, number, user, files });
  await github.deliver(
    server.webhookUrl,
    "pull_request",
    github.pullRequestEvent(OWNER, REPO, number, "opened"),
  );
  await until(
    () =>
      github
        .checkRuns(OWNER, REPO, pull.headSha)
        .some((r) => r.name === "slipway/gates" && r.conclusion === "success"),
    `the gates of #${number}`,
  );
  await untilIdle(server);
  const before = github.branchHead(OWNER, REPO, "main") ?? "";
  const merge = github.mergePullRequest(OWNER, REPO, number);
  await github.deliver(
    server.webhookUrl,
    "push",
    github.pushEvent(OWNER, REPO, { ref: "main", before, after: merge }),
  );
  return merge;
}
