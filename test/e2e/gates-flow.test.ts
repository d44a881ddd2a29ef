import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseFiles, CANDIDATE_RUN, type Scenario, startScenario } from "../evidence/scenario.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

const OWNER = "acme";
const REPO = "ml-platform";
const TOKEN = "mlflow-token-8d1e6c0b";

// Issue 4, the seed scenario through the real server: a PR moves fraud-detection from version 6 to 7;
// the server reads MLflow through the binding's integration (a bearer token from the environment).
describe("end to end: slipway/gates from MLflow evidence", () => {
  let fake: FakeGitHub;
  let server: RunningServer;
  let scenario: Scenario;

  beforeAll(async () => {
    scenario = await startScenario({ auth: { token: TOKEN } });
    fake = await startFakeGitHub();
    fake.addRepo({ owner: OWNER, name: REPO, files: await baseFiles() });
    fake.setPermission(OWNER, REPO, "maintainer", "maintain");
    fake.setPermission(OWNER, REPO, "reader", "read");
    const dir = mkdtempSync(join(tmpdir(), "slipway-gates-"));
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
      mlflow: { type: mlflow, trackingUri: "${scenario.fake.url}", token: { env: MLFLOW_PROD_TOKEN } }
      datalake: { type: s3, allowedPrefixes: ["s3://acme-datalake/fraud/"] }
      kubeflow: { type: kfp, endpoint: "https://kubeflow.example/pipeline" }
      ml-alerts: { type: slack, token: { env: SLACK_BOT_TOKEN } }
`,
    );
    server = await startSlipwayServer(fake, { SLIPWAY_SERVER_CONFIG: config, MLFLOW_PROD_TOKEN: TOKEN });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    expect(server.output()).not.toContain(TOKEN);
    for (const comment of fake.comments(OWNER, REPO, 1)) expect(comment.body).not.toContain(TOKEN);
    await fake.close();
    await scenario.close();
  });

  const gateRuns = (headSha: string) =>
    fake.checkRuns(OWNER, REPO, headSha).filter((r) => r.name === "slipway/gates");
  const completedGates = (headSha: string) => gateRuns(headSha).filter((r) => r.status === "completed");
  const sticky = () => fake.comments(OWNER, REPO, 1).find((c) => c.body.includes("<!-- slipway:sticky -->"));

  it("passes the candidate's gates against production and shows the comparison in the comment", async () => {
    const head = await templateFiles();
    const pull = fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      user: "alice",
      files: { "models/fraud-detection.yaml": head["models/fraud-detection.yaml"] ?? "" },
    });
    await fake.deliver(server.webhookUrl, "pull_request", fake.pullRequestEvent(OWNER, REPO, 1, "opened"));
    await until(
      () => completedGates(pull.headSha).length === 1 && (sticky()?.body.includes("Experiments") ?? false),
      "the gates",
    );
    const [run] = completedGates(pull.headSha);
    expect(run?.conclusion).toBe("success");
    expect(run?.output?.title).toBe("1 model passes the gates");
    const body = sticky()?.body ?? "";
    expect(body).toContain("✅ **fraud-detection** — 4 of 4 gates pass");
    expect(body).toContain("| metric | production | candidate | Δ | gate |");
    expect(body).toContain(`runs/${CANDIDATE_RUN}`);
    // The token went to MLflow as a bearer token, on every request.
    expect(scenario.fake.requests.length).toBeGreaterThan(0);
  });

  it("fails closed when MLflow fails, then passes after /slipway compare", async () => {
    scenario.fake.failNext("*", 503, 1000);
    const model = ((await templateFiles())["models/fraud-detection.yaml"] ?? "").replace(
      "max: 10",
      "max: 12",
    );
    const headSha = fake.pushToPullRequest(OWNER, REPO, 1, { "models/fraud-detection.yaml": model });
    await fake.deliver(
      server.webhookUrl,
      "pull_request",
      fake.pullRequestEvent(OWNER, REPO, 1, "synchronize"),
    );
    await until(() => completedGates(headSha).length === 1, "the failed gates", 30_000);
    const [failed] = completedGates(headSha);
    expect(failed?.conclusion).toBe("failure");
    expect(failed?.output?.summary).toContain("evidence unavailable: MLflow failed to answer");
    expect(failed?.output?.summary).toContain("retry with `/slipway compare`");
    await untilIdle(server);

    scenario.fake.clearFaults();
    const comment = fake.addComment(OWNER, REPO, 1, { user: "maintainer", body: "/slipway compare" });
    await fake.deliver(server.webhookUrl, "issue_comment", fake.issueCommentEvent(OWNER, REPO, comment.id));
    await until(
      () => completedGates(headSha).some((r) => r.conclusion === "success"),
      "the gates after compare",
      30_000,
    );
  });

  it("answers /slipway compare <model> --against <version> with a reply, leaving the check alone", async () => {
    await untilIdle(server);
    const before = fake.checkRuns(OWNER, REPO).length;
    const comment = fake.addComment(OWNER, REPO, 1, {
      user: "maintainer",
      body: "/slipway compare fraud-detection --against 7",
    });
    await fake.deliver(server.webhookUrl, "issue_comment", fake.issueCommentEvent(OWNER, REPO, comment.id));
    const reply = () =>
      fake.comments(OWNER, REPO, 1).find((c) => c.body.startsWith("@maintainer Compared with `7`"));
    await until(() => reply() !== undefined, "the compare reply");
    expect(reply()?.body).toContain("This does not change `slipway/gates`");
    expect(reply()?.body).toContain("Baseline: version 7, named with --against (not the gate's baseline).");
    expect(reply()?.body).toContain("| metric | version 7 | candidate | Δ | gate |");
    await untilIdle(server);
    expect(fake.checkRuns(OWNER, REPO)).toHaveLength(before);
  });

  it("refuses /slipway compare from a reader", async () => {
    const comment = fake.addComment(OWNER, REPO, 1, { user: "reader", body: "/slipway compare" });
    await fake.deliver(server.webhookUrl, "issue_comment", fake.issueCommentEvent(OWNER, REPO, comment.id));
    const refusal = () =>
      fake
        .comments(OWNER, REPO, 1)
        .find((c) => c.body.startsWith("@reader `/slipway compare` needs write access"));
    await until(() => refusal() !== undefined, "the refusal");
  });
});
