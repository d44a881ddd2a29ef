import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dvcConfig, trackFile } from "../datasets-dvc/dvc-project.ts";
import { type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { fraudRows, parquetOf, seedFraudData } from "../drift-review/fraud-data.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

const OWNER = "acme";
const REPO = "ml-platform";
const SECRET = "lake-secret-8d2a61f0";
const MONITOR = "monitors/fraud-detection-drift.yaml";
const REFERENCE = "    path: s3://acme-datalake/fraud/training/v7/reference.parquet\n";

// Issue 23 through the real server: the platform repository versions the Monitor's reference with
// DVC (`.dvc/config` naming an S3 remote, a `.dvc` file), the server reads them from its git mirror of
// the pull request's head (fetched from the fake GitHub's smart HTTP with the installation token) and
// the object from s3rver through the bound integration, checked against its md5.
describe("end to end: a DVC-tracked reference in a review", () => {
  let fake: FakeGitHub;
  let server: RunningServer;
  let s3: S3rverHarness;
  let dir: string;
  let monitor: string;
  const tracked = trackFile("data/reference.parquet", parquetOf(fraudRows(600, 7)));

  beforeAll(async () => {
    s3 = await startS3rver("acme-datalake");
    await seedFraudData((key, body) => s3.put(key, body), { at: new Date(), from: -10, to: 1 });
    for (const [key, bytes] of tracked.objects) await s3.put(`dvcstore/${key}`, bytes);
    fake = await startFakeGitHub();
    const files = await templateFiles();
    monitor = files[MONITOR] ?? "";
    const [configPath, config] = dvcConfig("s3://acme-datalake/dvcstore");
    fake.addRepo({ owner: OWNER, name: REPO, files: { ...files, [configPath]: config } });
    dir = mkdtempSync(join(tmpdir(), "slipway-dvc-e2e-"));
    const serverConfig = join(dir, "server-config.yaml");
    writeFileSync(
      serverConfig,
      `version: 1
bindings:
  - repository: ${OWNER}/${REPO}
    environments:
      staging: { cluster: {}, namespaces: [ml-serving, mlflow, feast, kubeflow, kserve, monitoring] }
      production: { cluster: {}, namespaces: [ml-serving, mlflow, feast, kubeflow, kserve, seldon-system, monitoring], production: true }
    integrations:
      mlflow: { type: mlflow, trackingUri: "http://127.0.0.1:9" }
      datalake:
        type: s3
        endpoint: "${s3.endpoint}"
        allowedPrefixes: ["s3://acme-datalake/fraud/", "s3://acme-datalake/dvcstore/"]
        accessKeyId: { env: LAKE_KEY }
        secretAccessKey: { env: LAKE_SECRET }
      kubeflow: { type: kfp, endpoint: "https://kubeflow.example/pipeline" }
      ml-alerts: { type: slack, token: { env: SLACK_BOT_TOKEN } }
`,
    );
    server = await startSlipwayServer(fake, {
      SLIPWAY_SERVER_CONFIG: serverConfig,
      SLIPWAY_STATE_DIR: dir,
      LAKE_KEY: "S3RVER",
      LAKE_SECRET: SECRET,
    });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    expect(server.output()).not.toContain(SECRET);
    await fake.close();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sticky = (n: number) =>
    fake.comments(OWNER, REPO, n).find((c) => c.body.includes("<!-- slipway:sticky -->"))?.body ?? "";

  it("reads the reference the pull request's .dvc file names, and says which content it was", async () => {
    const pull = fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      user: "alice",
      files: {
        [MONITOR]: monitor.replace(REFERENCE, "    dvc: { path: data/reference.parquet }\n"),
        [tracked.dvcFile[0]]: tracked.dvcFile[1],
      },
    });
    await fake.deliver(server.webhookUrl, "pull_request", fake.pullRequestEvent(OWNER, REPO, 1, "opened"));
    await until(() => sticky(1).includes("### Drift"), "the drift section", 60_000);
    const body = sticky(1);
    expect(body).toContain("### Drift · `fraud-detection-drift`");
    expect(body).toContain(
      `Reference \`data/reference.parquet\` (600 rows, DVC md5 ${tracked.hash} at the reviewed commit = ${pull.headSha.slice(0, 12)})`,
    );
    expect(body).toContain(`(7 partitions).`);
    expect(body).not.toContain("Drift unavailable");
  });
});
