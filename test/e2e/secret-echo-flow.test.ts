import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseFiles, type Scenario, startScenario } from "../evidence/scenario.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

// Issue #16 item 2, through the real server: an MLflow (or a proxy before it) that refuses the request
// with 403 and repeats its Authorization header in the error body — URL-encoded, lower-cased,
// base64-encoded, decoded — must not get any form of the credential into the check, its annotations,
// the pull request comment or the server's log. The status and the error code still show.

const OWNER = "acme";
const REPO = "ml-platform";
const USER = "svc-slipway";
const PASSWORD = "Tr0ub4dor&3-p@ss/w0rd+zz";
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
const HEADER = `Basic ${BASIC}`;

/** Every form the test looks for, lower-cased (the search is case-insensitive). */
const FORMS = [
  PASSWORD,
  encodeURIComponent(PASSWORD),
  BASIC,
  encodeURIComponent(BASIC),
  Buffer.from(HEADER).toString("base64"),
  Buffer.from(PASSWORD).toString("base64"),
].map((f) => f.toLowerCase());

/** The echoes a misbehaving server sends back, each built from the header it received. */
const ECHOES: [string, (header: string) => string][] = [
  ["URL-encoded", (h) => `denied for ${encodeURIComponent(h)}`],
  ["lower-cased", (h) => `denied for authorization: ${h.toLowerCase()}`],
  ["upper-cased", (h) => `DENIED FOR ${h.toUpperCase()}`],
  ["base64-encoded", (h) => `denied (request header ${Buffer.from(h).toString("base64")})`],
  ["decoded", (h) => `user:password ${Buffer.from(h.slice("Basic ".length), "base64").toString()} refused`],
  [
    "password URL-encoded",
    (h) =>
      `bad password=${encodeURIComponent(Buffer.from(h.slice(6), "base64").toString().split(":")[1] ?? "")}`,
  ],
];

describe("end to end: an upstream that echoes the credentials it refused", () => {
  let fake: FakeGitHub;
  let server: RunningServer;
  let scenario: Scenario;
  let model: string;

  beforeAll(async () => {
    scenario = await startScenario({ auth: { username: USER, password: PASSWORD } });
    fake = await startFakeGitHub();
    fake.addRepo({ owner: OWNER, name: REPO, files: await baseFiles() });
    const dir = mkdtempSync(join(tmpdir(), "slipway-echo-"));
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
      mlflow: { type: mlflow, trackingUri: "${scenario.fake.url}", username: { env: MLFLOW_USER }, password: { env: MLFLOW_PASS } }
      datalake: { type: s3, allowedPrefixes: ["s3://acme-datalake/fraud/"] }
      kubeflow: { type: kfp, endpoint: "https://kubeflow.example/pipeline" }
      ml-alerts: { type: slack, token: { env: SLACK_BOT_TOKEN } }
`,
    );
    server = await startSlipwayServer(fake, {
      SLIPWAY_SERVER_CONFIG: config,
      MLFLOW_USER: USER,
      MLFLOW_PASS: PASSWORD,
    });
    model = (await templateFiles())["models/fraud-detection.yaml"] ?? "";
    fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      user: "alice",
      files: { "models/fraud-detection.yaml": model },
    });
  });
  afterAll(async () => {
    await server.stop();
    await fake.close();
    await scenario.close();
  });

  const leaks = (text: string) => FORMS.filter((f) => text.toLowerCase().includes(f));

  for (const [i, [how, echo]] of ECHOES.entries())
    it(`keeps the credential out of everything when MLflow echoes the header ${how}`, async () => {
      scenario.fake.clearFaults();
      scenario.fake.failNext(
        "*",
        {
          status: 403,
          echoAuthorization: (header) => ({ error_code: "PERMISSION_DENIED", message: echo(header) }),
        },
        1000,
      );
      const headSha = fake.pushToPullRequest(OWNER, REPO, 1, {
        "models/fraud-detection.yaml": model.replace("max: 10", `max: ${11 + i}`),
      });
      await fake.deliver(
        server.webhookUrl,
        "pull_request",
        fake.pullRequestEvent(OWNER, REPO, 1, "synchronize"),
      );
      const gates = () =>
        fake
          .checkRuns(OWNER, REPO, headSha)
          .find((r) => r.name === "slipway/gates" && r.status === "completed");
      await until(() => gates() !== undefined, "the gates", 30_000);
      await untilIdle(server);
      // The echo did come: MLflow refused with the header repeated.
      expect(scenario.fake.requests.some((r) => r.fault?.includes("echoing the Authorization header"))).toBe(
        true,
      );
      const run = gates();
      expect(run?.conclusion).toBe("failure");
      expect(JSON.stringify(run?.output)).toContain("403");
      expect(JSON.stringify(run?.output)).toContain("PERMISSION_DENIED");
      const everything = [
        ...fake.checkRuns(OWNER, REPO).map((r) => JSON.stringify(r.output ?? {})),
        ...fake.comments(OWNER, REPO, 1).map((c) => c.body),
        server.output(),
      ].join("\n");
      expect(leaks(everything)).toEqual([]);
    });
});
