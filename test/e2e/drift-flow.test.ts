import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { seedFraudData } from "../drift-review/fraud-data.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

const OWNER = "acme";
const REPO = "ml-platform";
const SECRET = "lake-secret-2c9d41e7";
const MONITOR = "monitors/fraud-detection-drift.yaml";

// Issue 6 through the real server: the binding's `datalake` integration is an s3rver bucket holding the
// template Monitor's reference and dated partitions around today (the server runs on the real clock).
describe("end to end: the drift section from S3", () => {
  let fake: FakeGitHub;
  let server: RunningServer;
  let s3: S3rverHarness;
  let dir: string;
  let monitor: string;

  beforeAll(async () => {
    s3 = await startS3rver("acme-datalake");
    await seedFraudData((key, body) => s3.put(key, body), { at: new Date(), from: -10, to: 1 });
    fake = await startFakeGitHub();
    const files = await templateFiles();
    monitor = files[MONITOR] ?? "";
    fake.addRepo({ owner: OWNER, name: REPO, files });
    fake.setPermission(OWNER, REPO, "maintainer", "maintain");
    fake.setPermission(OWNER, REPO, "reader", "read");
    dir = mkdtempSync(join(tmpdir(), "slipway-drift-e2e-"));
    const config = join(dir, "server-config.yaml");
    writeFileSync(
      config,
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
        allowedPrefixes: ["s3://acme-datalake/fraud/"]
        accessKeyId: { env: LAKE_KEY }
        secretAccessKey: { env: LAKE_SECRET }
      kubeflow: { type: kfp, endpoint: "https://kubeflow.example/pipeline" }
      ml-alerts: { type: slack, token: { env: SLACK_BOT_TOKEN } }
`,
    );
    server = await startSlipwayServer(fake, {
      SLIPWAY_SERVER_CONFIG: config,
      LAKE_KEY: "S3RVER",
      LAKE_SECRET: SECRET,
    });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    expect(server.output()).not.toContain(SECRET);
    for (const n of [1, 2, 3])
      for (const comment of fake.comments(OWNER, REPO, n)) expect(comment.body).not.toContain(SECRET);
    await fake.close();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sticky = (n: number) =>
    fake.comments(OWNER, REPO, n).find((c) => c.body.includes("<!-- slipway:sticky -->"))?.body ?? "";
  const open = async (n: number, text: string, fork = false) => {
    fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: n,
      user: "alice",
      fork,
      files: { [MONITOR]: text },
    });
    await fake.deliver(server.webhookUrl, "pull_request", fake.pullRequestEvent(OWNER, REPO, n, "opened"));
  };
  const command = async (n: number, user: string, body: string) => {
    const comment = fake.addComment(OWNER, REPO, n, { user, body });
    await fake.deliver(server.webhookUrl, "issue_comment", fake.issueCommentEvent(OWNER, REPO, comment.id));
  };

  it("shows the drift of a changed Monitor, computed from the objects in S3", async () => {
    await open(1, monitor.replace("threshold: 0.15", "threshold: 0.2"));
    await until(() => sticky(1).includes("### Drift"), "the drift section", 30_000);
    const body = sticky(1);
    expect(body).toContain("### Drift · `fraud-detection-drift`");
    expect(body).toContain("✅ **No dataset drift** — 0 of 6 tested columns drifted");
    expect(body).toContain("current `s3://acme-datalake/fraud/scored/` (560 rows)");
    expect(body).toContain("(7 partitions).");
    expect(body).toContain("`/slipway drift` · `/slipway help`");
  });

  it("recomputes it on /slipway drift <monitor>, from the data as it is now", async () => {
    await untilIdle(server);
    await seedFraudData((key, b) => s3.put(key, b), { at: new Date(), from: -10, to: 1, shift: 1 });
    await command(1, "maintainer", "/slipway drift fraud-detection-drift");
    await until(() => sticky(1).includes("**Dataset drift**"), "the refreshed drift section", 30_000);
    expect(sticky(1)).toContain("❌ **Dataset drift** — 6 of 6 tested columns drifted");
  });

  it("refuses /slipway drift from a reader", async () => {
    await command(1, "reader", "/slipway drift");
    await until(
      () =>
        fake
          .comments(OWNER, REPO, 1)
          .some((c) => c.body.startsWith("@reader `/slipway drift` needs write access")),
      "the refusal",
    );
  });

  it("reads nothing for a prefix outside the allowed ones, and says so in the section", async () => {
    await untilIdle(server);
    await s3.forget();
    await open(
      2,
      monitor.replace(
        "prefix: s3://acme-datalake/fraud/scored/",
        "prefix: s3://acme-datalake/exports/scored/",
      ),
    );
    await until(() => sticky(2).includes("### Drift"), "the drift section", 30_000);
    expect(sticky(2)).toContain("❌ **Not computed**");
    expect(sticky(2)).toContain(
      "`current.prefix` (SLW127): s3://acme-datalake/exports/scored/ is outside the prefixes the integration allows (s3://acme-datalake/fraud/); it was not read",
    );
    await untilIdle(server);
    expect(await s3.requests()).toEqual([]);
  });

  it("reads nothing for a pull request from a fork", async () => {
    await untilIdle(server);
    await s3.forget();
    await open(3, monitor.replace("threshold: 0.15", "threshold: 0.25"), true);
    await until(() => sticky(3).includes("### Drift"), "the drift section", 30_000);
    expect(sticky(3)).toContain("Data is not read for pull requests from forks");
    await command(3, "maintainer", "/slipway drift fraud-detection-drift");
    await untilIdle(server);
    expect(await s3.requests()).toEqual([]);
  });
});
