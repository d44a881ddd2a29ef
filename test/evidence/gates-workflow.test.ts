import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReviewTarget } from "../../src/workflows/review-ports.ts";
import { reviewPullRequest } from "../../src/workflows/review-pull-request.ts";
import { MemoryReviewPorts } from "../helpers/memory-review-ports.ts";
import { templateFiles } from "../helpers/template.ts";
import { baseFiles, CANDIDATE_RUN, type Scenario, startScenario } from "./scenario.ts";

const HEAD = "b".repeat(40);
const target: ReviewTarget = {
  owner: "acme",
  repo: "ml-platform",
  number: 12,
  headSha: HEAD,
  defaultBranch: "main",
  fork: false,
};

function gates(ports: MemoryReviewPorts) {
  return ports.checks.find((c) => c.name === "slipway/gates");
}

// Issue 4 end to end through the workflow: the template's fraud-detection moves from version 6 to 7;
// its evidence is read from a fake MLflow over HTTP.
describe("review: the slipway/gates check and the experiments section", () => {
  let scenario: Scenario;
  let ports: MemoryReviewPorts;
  beforeEach(async () => {
    scenario = await startScenario();
    ports = new MemoryReviewPorts();
    const head = await templateFiles();
    ports.heads.set(HEAD, head);
    ports.heads.set("main", await baseFiles());
    ports.currentHead = HEAD;
    ports.defaultConfig = head[".slipway.yml"] ?? null;
    ports.changed = ["models/fraud-detection.yaml"];
    ports.tracker = { tracker: scenario.tracker, trackingUrl: scenario.fake.url };
  });
  afterEach(() => scenario.close());

  it("passes the seed candidate against production and shows the comparison", async () => {
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toMatchObject({ kind: "reviewed", conclusion: "success", gates: "success" });
    expect(ports.trackerRequests).toEqual(["mlflow"]);
    const check = gates(ports);
    expect(check?.status).toBe("completed");
    expect(check?.output?.conclusion).toBe("success");
    expect(check?.output?.title).toBe("1 model passes the gates");
    const body = ports.comment?.body ?? "";
    expect(body).toContain("### Experiments");
    expect(body).toContain("✅ **fraud-detection** — 4 of 4 gates pass");
    expect(body).toContain("Candidate: version `7` → `mlflow-artifacts:/");
    expect(body).toContain("production: version `6`");
    expect(body).toContain("per the default branch");
    expect(body).toMatch(/\| `roc_auc` \| 0\.9512 \| 0\.9538 \|/);
    expect(body).toContain(
      `${scenario.fake.url}/#/experiments/${scenario.experimentId}/runs/${CANDIDATE_RUN}`,
    );
    expect(body).toContain("xychart-beta");
  });

  it("renders the resolved artifact URI into the plan instead of a placeholder", async () => {
    await reviewPullRequest(target, ports);
    const body = ports.comment?.body ?? "";
    const uri = `mlflow-artifacts:/${scenario.experimentId}/${CANDIDATE_RUN}/artifacts/model`;
    expect(body).toContain(uri);
  });

  it("fails when a gate fails, naming the metric", async () => {
    const head = await templateFiles();
    ports.heads.set(HEAD, {
      ...head,
      "models/fraud-detection.yaml": (head["models/fraud-detection.yaml"] ?? "").replace(
        "min: 0.80 }",
        "min: 0.88 }",
      ),
    });
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toMatchObject({ gates: "failure" });
    const check = gates(ports);
    expect(check?.output?.conclusion).toBe("failure");
    expect(check?.output?.title).toBe("1 of 1 model fails the gates");
    expect(check?.output?.annotations).toEqual([
      expect.objectContaining({
        path: "models/fraud-detection.yaml",
        annotation_level: "failure",
        start_line: 12,
      }),
    ]);
    expect(check?.output?.annotations[0]?.message).toMatch(/^precision: /);
  });

  it("fails closed when MLflow does not answer, with the retry command, and never neutral", async () => {
    await scenario.close();
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toMatchObject({ kind: "reviewed", conclusion: "success", gates: "failure" });
    const check = gates(ports);
    expect(check?.output?.conclusion).toBe("failure");
    expect(check?.output?.title).toBe("Evidence unavailable for 1 of 1 model");
    expect(check?.output?.summary).toContain("evidence unavailable: MLflow could not be reached");
    expect(check?.output?.summary).toContain("retry with `/slipway compare`");
    expect(ports.comment?.body).toContain("retry with `/slipway compare`");
    scenario = await startScenario();
  });

  it("fails closed when no tracker is bound", async () => {
    ports.tracker = {
      unavailable: 'evidence unavailable: the server binds no `mlflow` integration named "mlflow"',
    };
    await reviewPullRequest(target, ports);
    expect(gates(ports)?.output).toMatchObject({ conclusion: "failure" });
    expect(gates(ports)?.output?.summary).toContain("binds no `mlflow` integration");
  });

  it("reads no evidence for a fork and says why, failing the check", async () => {
    await reviewPullRequest({ ...target, fork: true }, ports);
    expect(ports.trackerRequests).toEqual([]);
    expect(scenario.fake.requests).toHaveLength(0);
    expect(gates(ports)?.output).toMatchObject({ conclusion: "failure", title: "Gates not evaluated" });
    expect(ports.comment?.body).toContain("not read for pull requests from forks");
  });

  it("fails the gates without reading MLflow when the head does not validate", async () => {
    const head = await templateFiles();
    ports.heads.set(HEAD, {
      ...head,
      "models/fraud-detection.yaml": (head["models/fraud-detection.yaml"] ?? "").replace("min: 2", "min: 20"),
    });
    await reviewPullRequest(target, ports);
    expect(scenario.fake.requests).toHaveLength(0);
    expect(gates(ports)?.output).toMatchObject({
      conclusion: "failure",
      title: "Not evaluated: the manifests do not validate",
    });
  });

  it("passes without reading MLflow when no platform file changed", async () => {
    ports.changed = ["README.md"];
    await reviewPullRequest(target, ports);
    expect(scenario.fake.requests).toHaveLength(0);
    expect(gates(ports)?.output).toMatchObject({ conclusion: "success", title: "No model changes" });
  });

  it("fails when the registry version was not registered from the evidence run", async () => {
    const other = scenario.fake.addRun({ experimentId: scenario.experimentId, metrics: { f1: 0.9 } });
    scenario.fake.addModelVersion({ name: "fraud-detection", version: 8, runId: other.info.run_id });
    const head = await templateFiles();
    ports.heads.set(HEAD, {
      ...head,
      "models/fraud-detection.yaml": (head["models/fraud-detection.yaml"] ?? "").replace(
        "version: 7",
        "version: 8",
      ),
    });
    await reviewPullRequest(target, ports);
    const output = gates(ports)?.output;
    expect(output?.conclusion).toBe("failure");
    expect(output?.annotations[0]?.message).toContain(
      `version 8 of \`fraud-detection\` was registered from run ${other.info.run_id}, not from the evidence run ${CANDIDATE_RUN}`,
    );
  });

  it("resolves an MLflow 3 version through its logged model: source run and artifact URI", async () => {
    const logged = scenario.fake.addLoggedModel({
      name: "fraud-lgbm",
      experimentId: scenario.experimentId,
      sourceRunId: CANDIDATE_RUN,
    });
    scenario.fake.addModelVersion({ name: "fraud-detection", version: 8, modelId: logged.info.model_id });
    const head = await templateFiles();
    ports.heads.set(HEAD, {
      ...head,
      "models/fraud-detection.yaml": (head["models/fraud-detection.yaml"] ?? "").replace(
        "version: 7",
        "version: 8",
      ),
    });
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toMatchObject({ gates: "success" });
    expect(ports.comment?.body).toContain(`Candidate: version \`8\` → \`${logged.info.artifact_uri}\``);
  });

  it("fails a candidate whose signature needs an input the feature service does not serve", async () => {
    await scenario.close();
    scenario = await startScenario({
      signature: [
        { type: "long", name: "transaction_count_7d" },
        { type: "double", name: "chargeback_ratio" },
      ],
    });
    ports.tracker = { tracker: scenario.tracker, trackingUrl: scenario.fake.url };
    await reviewPullRequest(target, ports);
    const output = gates(ports)?.output;
    expect(output?.conclusion).toBe("failure");
    expect(output?.annotations[0]?.message).toContain(
      "the model's signature requires `chargeback_ratio`, which the consumed features do not provide",
    );
    expect(ports.comment?.body).toContain(
      "⚠️ consumed features `avg_amount_30d`, `fraud_rate_90d` are not inputs",
    );
  });
});
