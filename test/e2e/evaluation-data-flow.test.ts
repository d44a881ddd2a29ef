import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addCandidate,
  baseFiles,
  CANDIDATE_RUN,
  candidateManifest,
  type LoggedInputs,
  type Scenario,
  SIGNATURE_INPUTS,
  startScenario,
} from "../evidence/scenario.ts";
import { startFakeGitHub } from "../fakes/fake-github.ts";
import { startSlipwayServer, until } from "../helpers/slipway-server.ts";

const OWNER = "acme";
const REPO = "ml-platform";
const TOKEN = "mlflow-token-15e1a2b3";

/**
 * One Slipway server against a fake GitHub and a fake MLflow holding the template's fraud-detection:
 * version 6 in production, each pull request moving it to a retrained candidate.
 */
async function startWorld(inputs: LoggedInputs) {
  const scenario = await startScenario({ auth: { token: TOKEN }, inputs });
  const github = await startFakeGitHub();
  github.addRepo({ owner: OWNER, name: REPO, files: await baseFiles() });
  github.setPermission(OWNER, REPO, "maintainer", "maintain");
  const dir = mkdtempSync(join(tmpdir(), "slipway-evaluation-"));
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
  const server = await startSlipwayServer(github, {
    SLIPWAY_SERVER_CONFIG: config,
    MLFLOW_PROD_TOKEN: TOKEN,
  });
  let number = 0;
  /** Opens a pull request moving fraud-detection to `version` (from `runId`); its completed gates check. */
  const review = async (version: number, runId: string) => {
    number += 1;
    const pull = github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number,
      user: "alice",
      files: { "models/fraud-detection.yaml": await candidateManifest(version, runId) },
    });
    await github.deliver(
      server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, number, "opened"),
    );
    const gates = () =>
      github
        .checkRuns(OWNER, REPO, pull.headSha)
        .find((r) => r.name === "slipway/gates" && r.status === "completed");
    const comment = () =>
      github.comments(OWNER, REPO, number).find((c) => c.body.includes("<!-- slipway:sticky -->"));
    await until(
      () => gates() !== undefined && (comment()?.body.includes("### Experiments") ?? false),
      "the gates",
    );
    return { check: gates(), comment: comment()?.body ?? "" };
  };
  const stop = async () => {
    expect(await server.stop()).toBe(0);
    expect(server.output()).not.toContain(TOKEN);
    await github.close();
    await scenario.close();
  };
  return { scenario, github, server, review, stop };
}

// Issue 15, "done when": the template's retrained, better fraud-detection version passes slipway/gates
// with or without logged datasets (a visible warning when unrecorded), a worse one fails, and nothing
// claims a difference it cannot see — through the real server, MLflow read with the bound token.
describe("end to end: slipway/gates on retrained fraud-detection versions that logged their datasets", () => {
  let world: Awaited<ReturnType<typeof startWorld>>;
  let scenario: Scenario;
  beforeAll(async () => {
    world = await startWorld("retrained");
    scenario = world.scenario;
  });
  afterAll(() => world.stop());

  it("passes a retrained, better version: same holdout, new training data shown as lineage", async () => {
    const { check, comment } = await world.review(7, CANDIDATE_RUN);
    expect(check?.conclusion).toBe("success");
    expect(check?.output?.title).toBe("1 model passes the gates");
    expect(comment).toContain(
      "Evaluation data: the same for both runs — `holdout-2026-q3` (digest `1e2f3a4b`, 50,000 rows).",
    );
    expect(comment).toContain(
      "Training data: retrained on new data (expected) — `transactions-2026-11` (digest `9f3a2c71`, 1,204,331 rows) replaces `transactions-2026-10` (digest `5b1c7e0d`, 1,180,002 rows).",
    );
    expect(comment).not.toMatch(/comparability unverified|\*\*different\*\*/);
  });

  it("fails a retrained version that is worse on the same holdout", async () => {
    const runId = addCandidate(scenario, { version: 8, metrics: { roc_auc: 0.9401 } });
    const { check } = await world.review(8, runId);
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations[0]?.message).toBe("roc_auc: regressed by more than 0.005 against production");
  });

  it("fails a version evaluated on another holdout as not comparable, naming both", async () => {
    const runId = addCandidate(scenario, { version: 9, inputs: "other-holdout" });
    const { check } = await world.review(9, runId);
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations[0]?.message).toBe(
      "roc_auc: not comparable: the candidate was evaluated on holdout-2026-q4 (digest 77aa01bc) and production on holdout-2026-q3 (digest 1e2f3a4b)",
    );
  });

  it("reads an MLflow 3 model's signature from its MLmodel through the artifact proxy, and checks it", async () => {
    const good = addCandidate(scenario, { version: 10, mlflow3: true });
    const passed = await world.review(10, good);
    expect(passed.check?.conclusion).toBe("success");
    expect(passed.comment).not.toContain("signature not checked");
    const proxied = scenario.fake.requests.filter((r) =>
      r.endpoint.startsWith("mlflow-artifacts/artifacts/"),
    );
    expect(proxied.length).toBeGreaterThan(0);
    expect(proxied.every((r) => r.auth === "bearer" && r.status === 200)).toBe(true);

    const signature = [...SIGNATURE_INPUTS, { type: "double", name: "chargeback_ratio", required: true }];
    const bad = addCandidate(scenario, { version: 11, mlflow3: true, signature });
    const failed = await world.review(11, bad);
    expect(failed.check?.conclusion).toBe("failure");
    expect(failed.check?.annotations[0]?.message).toContain(
      "the model's signature requires `chargeback_ratio`, which the consumed features do not provide",
    );
  });

  it("answers /slipway compare --against a version that does not exist with a plain error", async () => {
    const comment = world.github.addComment(OWNER, REPO, 1, {
      user: "maintainer",
      body: "/slipway compare fraud-detection --against 99",
    });
    await world.github.deliver(
      world.server.webhookUrl,
      "issue_comment",
      world.github.issueCommentEvent(OWNER, REPO, comment.id),
    );
    const reply = () =>
      world.github.comments(OWNER, REPO, 1).find((c) => c.body.startsWith("@maintainer --against"));
    await until(() => reply() !== undefined, "the reply");
    expect(reply()?.body).toBe(
      "@maintainer --against 99: version 99 of `fraud-detection` does not exist in MLflow; nothing was compared.",
    );
  });
});

describe("end to end: slipway/gates on retrained versions whose training script logged no dataset", () => {
  let world: Awaited<ReturnType<typeof startWorld>>;
  beforeAll(async () => {
    world = await startWorld("none");
  });
  afterAll(() => world.stop());

  it("passes a better version, with 'comparability unverified' in the check title, summary and comment", async () => {
    const { check, comment } = await world.review(7, CANDIDATE_RUN);
    expect(check?.conclusion).toBe("success");
    expect(check?.output?.title).toBe("1 model passes the gates (comparability unverified)");
    const line = 'Record it in the training script: `mlflow.log_input(dataset, context="evaluation")`';
    expect(check?.output?.summary).toContain(line);
    expect(comment).toContain(line);
    expect(comment).toContain("Training data: recorded by neither run.");
    expect(comment).not.toMatch(/\*\*different\*\*|\[different\]/);
  });

  it("fails a worse version", async () => {
    const runId = addCandidate(world.scenario, { version: 8, metrics: { roc_auc: 0.9401 }, inputs: "none" });
    const { check } = await world.review(8, runId);
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations[0]?.message).toBe(
      "roc_auc: regressed by more than 0.005 against production; comparability unverified: no recorded evaluation data to match",
    );
  });
});
