import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANDIDATE_RUN } from "../evidence/scenario.ts";
import { candidate } from "../experiments/seed-scenario.ts";
import type { FakeGitHub } from "../fakes/fake-github.ts";
import type { FakeMlflow } from "../fakes/mlflow/fake.ts";
import { signMlflowDelivery } from "../fakes/mlflow/webhook-signature.ts";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployE2E, mergePull, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

const MODEL_FILE = "models/fraud-detection.yaml";
const WEBHOOK_SECRET = "mlflow-webhook-secret-47a1e9c0";
const EVENTS = ["model_version.created", "model_version_alias.created", "model_version_alias.deleted"];

// Issue #19, item 3, end to end through the real `slipway serve`: MLflow's OSS registry webhooks, as the
// fake MLflow sends them (signed, with its URL rules), reach POST /api/mlflow/webhooks. A promotion alias
// moved by hand in MLflow is registry drift — one issue, the gauges — and with selfHeal it is moved back;
// a version registered for the model a Pipeline retrains opens its candidate pull request at once.
describe("end to end: MLflow registry webhooks", () => {
  let e2e: DeployE2E;
  let github: FakeGitHub;
  let mlflow: FakeMlflow;
  /** The reconcile loop's git mirrors, removed afterwards. */
  const stateDir = mkdtempSync(join(tmpdir(), "slipway-registry-state-"));

  beforeAll(async () => {
    e2e = await startDeployE2E(
      { MLFLOW_WEBHOOK_SECRET: WEBHOOK_SECRET, SLIPWAY_RECONCILE_INTERVAL_SECONDS: "0" },
      {
        slipwayYml: (text) =>
          text.replace("    production: true\n", "    production: true\n    selfHeal: true\n"),
        configure: (yaml) =>
          yaml.replace(
            /(mlflow: \{ type: mlflow, trackingUri: "[^"]+")/,
            "$1, webhookSecret: { env: MLFLOW_WEBHOOK_SECRET }",
          ),
      },
    );
    ({ github } = e2e);
    mlflow = e2e.mlflow.fake;
    // Version 7 merged, deployed to staging, approved and deployed to production: champion → 7.
    const seven = (await templateFiles())[MODEL_FILE] ?? "";
    await mergePull(e2e, 1, { [MODEL_FILE]: seven });
    await until(
      () => github.comments(OWNER, REPO, 1).some((c) => c.body.includes("waits for approval")),
      "staging",
    );
    const approval = github.addComment(OWNER, REPO, 1, { user: "carol", body: "/slipway approve" });
    await github.deliver(
      e2e.server.webhookUrl,
      "issue_comment",
      github.issueCommentEvent(OWNER, REPO, approval.id),
    );
    await until(
      () =>
        github
          .deployments(OWNER, REPO, "production")
          .some((d) => d.statuses.some((s) => s.state === "success")),
      "the production deploy",
      90_000,
    );
    await untilIdle(e2e.server);
  }, 240_000);
  afterAll(async () => {
    expect(await e2e.close()).toBe(0);
    rmSync(stateDir, { recursive: true, force: true });
  });

  const rest = async (method: string, endpoint: string, body: object) => {
    const response = await fetch(`${mlflow.url}/api/2.0/mlflow/${endpoint}`, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const champion = async () =>
    (await e2e.mlflow.tracker.getRegisteredModel("fraud-detection")).aliases.find(
      (a) => a.alias === "champion",
    )?.version;
  const driftIssue = () => github.issues(OWNER, REPO).find((i) => i.title === "Registry drift in production");
  const scrape = async () => (await fetch(`${e2e.server.url}/metrics`)).text();

  it("is registered in MLflow only once its server allows http and private addresses, as the docs say", async () => {
    const hook = {
      name: "slipway",
      url: `${e2e.server.url}/api/mlflow/webhooks`,
      events: EVENTS,
      secret: WEBHOOK_SECRET,
    };
    const refused = await rest("POST", "webhooks", hook);
    expect(refused.status).toBe(400);
    expect(String(refused.body.message)).toContain("MLFLOW_WEBHOOK_ALLOWED_SCHEMES");
    mlflow.webhookPolicy = { ...mlflow.webhookPolicy, allowedSchemes: ["http", "https"] };
    expect(String((await rest("POST", "webhooks", hook)).body.message)).toContain(
      "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS",
    );
    mlflow.webhookPolicy = { ...mlflow.webhookPolicy, allowPrivateIps: true };
    expect((await rest("POST", "webhooks", hook)).status).toBe(200);
    expect(await champion()).toBe("7");
  });

  it("opens the registry-drift issue for an alias moved by hand, and self-heal moves it back", async () => {
    expect(
      (
        await rest("POST", "registered-models/alias", {
          name: "fraud-detection",
          alias: "champion",
          version: "6",
        })
      ).status,
    ).toBe(200);
    await until(() => driftIssue()?.state === "closed", "the registry-drift issue, healed", 30_000);
    await untilIdle(e2e.server);
    expect(await champion()).toBe("7");
    const issue = driftIssue();
    expect(issue?.labels).toEqual(expect.arrayContaining(["registry-drift"]));
    expect(issue?.body).toContain(
      "| `fraud-detection` | `fraud-detection` | `champion` | version 6 | version 7 |",
    );
    const notes = github.comments(OWNER, REPO, issue?.number ?? 0).map((c) => c.body);
    expect(notes).toEqual([
      "Healed: Slipway moved `champion` of `fraud-detection` back to version 7 (`selfHeal: true`); the registry matches git again.",
    ]);
    // The deliveries were signed and accepted; the alias Slipway moved back was told too, and is in sync.
    await mlflow.webhooksSettled();
    expect(
      mlflow.webhookDeliveries.filter((d) => d.event === "model_version_alias.created").map((d) => d.status),
    ).toEqual([200, 200]);
    const metrics = await scrape();
    expect(metrics).toContain(
      'slipway_registry_drift{environment="production",model="fraud-detection",alias="champion"} 0',
    );
    expect(metrics).toContain('slipway_objects_out_of_sync{environment="production"} 0');
    expect(github.issues(OWNER, REPO).filter((i) => i.title.startsWith("Registry drift"))).toHaveLength(1);
  }, 90_000);

  it("proposes a version registered for the model a Pipeline retrains at once, on model_version.created", async () => {
    const runId = mlflow.addRun({
      experimentId: e2e.mlflow.experimentId,
      metrics: candidate.metrics,
      params: candidate.params,
    }).info.run_id;
    // The retrain registers through MLflow's REST API: that is what fires the webhook.
    const created = await rest("POST", "model-versions/create", {
      name: "fraud-detection",
      source: `runs:/${runId}/model`,
      run_id: runId,
    });
    expect(created.status).toBe(200);
    const version = String((created.body.model_version as { version: string }).version);
    await until(
      () => github.state.pulls.some((p) => p.headRef === `slipway/retrain/fraud-detection-v${version}`),
      "the candidate pull request",
      30_000,
    );
    await untilIdle(e2e.server);
    const pull = github.state.pulls.find((p) => p.headRef.startsWith("slipway/retrain/"));
    expect(pull?.title).toBe(`Retrain fraud-detection: version ${version} (a new registered version)`);
    expect(pull?.body).toContain("found through MLflow's registry webhook (`model_version.created`)");
    const model = github.readFile(OWNER, REPO, pull?.headSha ?? "", MODEL_FILE) ?? "";
    expect(model).toContain(`version: ${version}`);
    expect(model).toContain(`runId: ${runId}`);
    expect(model).not.toContain(CANDIDATE_RUN);
    // The same delivery replayed is refused; the same registration told again opens nothing more.
    await mlflow.webhooksSettled();
    const delivered = mlflow.webhookDeliveries.find((d) => d.event === "model_version.created");
    const replay = await fetch(`${e2e.server.url}/api/mlflow/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-mlflow-delivery-id": delivered?.deliveryId ?? "",
        "x-mlflow-timestamp": delivered?.timestamp ?? "",
        "x-mlflow-signature": signMlflowDelivery(
          WEBHOOK_SECRET,
          delivered?.deliveryId ?? "",
          delivered?.timestamp ?? "",
          delivered?.body ?? "",
        ),
      },
      body: delivered?.body ?? "",
    });
    expect(replay.status).toBe(409);
    mlflow.state.emit("model_version.created", {
      name: "fraud-detection",
      version,
      run_id: runId,
      source: "x",
    });
    await mlflow.webhooksSettled();
    await untilIdle(e2e.server);
    expect(github.state.pulls.filter((p) => p.headRef.startsWith("slipway/retrain/"))).toHaveLength(1);
  }, 60_000);

  it("catches an alias moved while no delivery came (Slipway down) in the reconcile pass, and heals it", async () => {
    expect(await e2e.server.stop()).toBe(0);
    // Moved in MLflow's store while Slipway was down: MLflow's delivery, and its retries, are spent.
    mlflow.state.models.get("fraud-detection")?.aliases.set("champion", "6");
    expect(await champion()).toBe("6");
    await e2e.restart({ SLIPWAY_RECONCILE_INTERVAL_SECONDS: "1", SLIPWAY_STATE_DIR: stateDir });
    const notes = () => github.comments(OWNER, REPO, driftIssue()?.number ?? 0).map((c) => c.body);
    // Waited on, not drained: the reconcile passes come every second.
    await until(
      () =>
        notes().length === 2 &&
        driftIssue()?.state === "closed" &&
        /"outcome":"healed"[^\n]*"msg":"registry drift checked"/.test(e2e.server.output()),
      "the reconcile pass's healing note, the issue closed",
      60_000,
    );
    expect(await champion()).toBe("7");
    expect(driftIssue()?.state).toBe("closed");
    expect(notes()[1]).toBe(notes()[0]);
    expect(github.issues(OWNER, REPO).filter((i) => i.title.startsWith("Registry drift"))).toHaveLength(1);
  }, 120_000);
});
