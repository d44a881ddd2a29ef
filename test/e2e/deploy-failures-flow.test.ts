import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployE2E, mergePull, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

type Isvc = { spec: { predictor: { maxReplicas?: number } } };

/** A model that will not load: the controllers report any InferenceService scaled to 13 as failed. */
const loadsBadly = (object: object) => (object as Isvc).spec?.predictor?.maxReplicas === 13;

// Issue 9 end to end through the real server: a deploy failing health rolls back, holds the revision and
// fails its Deployment; MLflow down during production's registry move leaves a partial deploy that
// `/slipway retry` completes without applying again.
describe("end to end: deploys that fail", () => {
  let e2e: DeployE2E;
  let good = "";
  let bad = "";

  beforeAll(async () => {
    e2e = await startDeployE2E(
      { SLIPWAY_HEALTH_TIMEOUT_SECONDS: "15", SLIPWAY_RECONCILE_INTERVAL_SECONDS: "0" },
      { failing: { staging: loadsBadly } },
    );
  });
  afterAll(async () => {
    expect(await e2e.close()).toBe(0);
  });

  const comments = (pr: number) => e2e.github.comments(OWNER, REPO, pr).map((c) => c.body);
  /** Writes to the platform's objects (the state and inventory ConfigMaps and Leases aside). */
  const applies = (environment: "staging" | "production") =>
    e2e.clusters[environment].requests.filter(
      (r) => r.verb === "patch" && !["configmaps", "leases"].includes(r.resource ?? ""),
    ).length;
  const maxReplicas = (environment: "staging" | "production") =>
    (e2e.clusters[environment].objects("InferenceService")[0] as Isvc | undefined)?.spec.predictor
      .maxReplicas;
  const state = (environment: "staging" | "production") => {
    const configMap = e2e.clusters[environment]
      .objects("ConfigMap")
      .find((o) => o.metadata.name === `slipway-state-${environment}`);
    const data = (configMap as { data?: Record<string, string> } | undefined)?.data ?? {};
    return (JSON.parse(data["store.json"] ?? "{}") as { state?: Record<string, unknown> }).state ?? {};
  };

  /** Opens pull request `number` with the template's model (version 7) at `max` replicas, and merges it. */
  async function mergeModel(number: number, max: number): Promise<string> {
    const model = ((await templateFiles())["models/fraud-detection.yaml"] ?? "").replace(
      "max: 10",
      `max: ${max}`,
    );
    return mergePull(e2e, number, { "models/fraud-detection.yaml": model });
  }

  it("rolls a deploy failing health back, holds the revision and fails its Deployment", async () => {
    const { github, server } = e2e;
    good = await mergeModel(1, 12);
    await until(
      () => comments(1).some((b) => b.includes("**production** waits for approval")),
      "staging",
      60_000,
    );
    expect(maxReplicas("staging")).toBe(12);

    bad = await mergeModel(2, 13);
    await until(
      () => comments(2).some((b) => b.startsWith("❌ **staging**")),
      "the failed deploy's report",
      90_000,
    );
    await untilIdle(server);
    const report = comments(2).find((b) => b.startsWith("❌ **staging**")) ?? "";
    expect(report).toContain("rolled-back");
    expect(report).toContain(`\`${good.slice(0, 7)}\` still serves`);
    // The previous revision serves again; the failed one is held and never re-applied by itself.
    expect(maxReplicas("staging")).toBe(12);
    expect(state("staging")).toMatchObject({ appliedCommit: good, heldRevision: { commit: bad } });
    const failed = github.deployments(OWNER, REPO, "staging").filter((d) => d.sha === bad);
    expect(failed.map((d) => d.statuses.map((s) => s.state))).toEqual([["in_progress", "failure"]]);
    expect(github.deployments(OWNER, REPO, "production")).toEqual([]);

    // The same push again changes nothing: the held revision is not applied a second time.
    const patches = applies("staging");
    await github.deliver(
      server.webhookUrl,
      "push",
      github.pushEvent(OWNER, REPO, { ref: "main", before: good, after: bad }),
    );
    await untilIdle(server);
    await until(() => comments(2).some((b) => b.includes("is held")), "the held answer");
    expect(applies("staging")).toBe(patches);
    expect(github.deployments(OWNER, REPO, "staging").filter((d) => d.sha === bad)).toHaveLength(1);
  }, 240_000);

  it("leaves a partial deploy when MLflow is down for the alias, and /slipway retry completes it once", async () => {
    const { github, server, mlflow } = e2e;
    // Production takes #1's merge (version 7, healthy in staging) once carol approves — with MLflow failing.
    mlflow.fake.failNext("POST registered-models/alias", 503, 1000);
    const approve = github.addComment(OWNER, REPO, 1, { user: "carol", body: "/slipway approve" });
    await github.deliver(
      server.webhookUrl,
      "issue_comment",
      github.issueCommentEvent(OWNER, REPO, approve.id),
    );
    const production = () => github.deployments(OWNER, REPO, "production");
    await until(
      () => production().some((d) => d.statuses.some((s) => s.state === "failure")),
      "the partial deploy",
      90_000,
    );
    await untilIdle(server);
    expect(maxReplicas("production")).toBe(12);
    const [deployment] = production();
    expect(deployment?.statuses.at(-1)?.description).toContain("the MLflow registry was not updated");
    expect(comments(1).some((b) => b.includes("/slipway retry"))).toBe(true);
    expect(state("production")).toMatchObject({
      appliedCommit: good,
      pending: { steps: ["registry", "deployment"] },
    });
    const aliasBefore = (await mlflow.tracker.getRegisteredModel("fraud-detection")).aliases;
    expect(aliasBefore.find((a) => a.alias === "champion")?.version).not.toBe("7");

    // MLflow is back: the retry moves the alias and completes the Deployment, without a second apply.
    mlflow.fake.clearFaults();
    const patches = applies("production");
    const retry = github.addComment(OWNER, REPO, 1, { user: "carol", body: "/slipway retry" });
    await github.deliver(server.webhookUrl, "issue_comment", github.issueCommentEvent(OWNER, REPO, retry.id));
    await until(() => production().some((d) => d.statuses.at(-1)?.state === "success"), "the retry", 60_000);
    await untilIdle(server);
    const registered = await mlflow.tracker.getRegisteredModel("fraud-detection");
    expect(registered.aliases.find((a) => a.alias === "champion")?.version).toBe("7");
    expect(production()).toHaveLength(1);
    expect(production()[0]?.statuses.map((s) => s.state)).toEqual(["in_progress", "failure", "success"]);
    expect(applies("production")).toBe(patches);
    expect(state("production")).toMatchObject({ appliedCommit: good, pending: null });
  }, 240_000);
});
