import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPipelinesFault } from "../../src/pipelines/pipelines-fault.ts";
import { type FakeKfp, startFakeKfp } from "../fakes/kfp/fake.ts";
import { portOn, RETRAIN_YAML, retrainPackage } from "./kfp-fixtures.ts";

const TOKEN = "sa-token-0123456789abcdef";

describe("the KFP v2beta1 adapter in a multi-user install", () => {
  let fake: FakeKfp;
  beforeEach(async () => {
    fake = await startFakeKfp({
      multiUser: true,
      users: { "system:serviceaccount:ml-team:slipway": ["ml-team"] },
      tokens: { [TOKEN]: "system:serviceaccount:ml-team:slipway" },
    });
  });
  afterEach(() => fake.close());

  const port = () =>
    portOn(fake, { namespace: "ml-team", token: { file: "/token" } }, { "/token": `${TOKEN}\n` });

  it("finds an experiment by display name in its namespace, and creates it there", async () => {
    fake.addExperiment("fraud-detection-v2", "other-team");
    const kfp = await port();
    expect(await kfp.findExperiment("fraud-detection-v2")).toBeNull();
    const created = await kfp.createExperiment("fraud-detection-v2", "Retraining runs");
    expect(created).toMatchObject({
      displayName: "fraud-detection-v2",
      namespace: "ml-team",
      archived: false,
    });
    expect(await kfp.findExperiment("fraud-detection-v2")).toEqual(created);
    const [list] = fake.requestsTo("GET experiments");
    expect(list?.query.namespace).toBe("ml-team");
    expect(JSON.parse(list?.query.filter ?? "")).toEqual({
      predicates: [{ key: "display_name", operation: "EQUALS", string_value: "fraud-detection-v2" }],
    });
    expect(fake.requestsTo("POST experiments")[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("creates a pipeline, uploads the compiled file as a named version, and finds both again", async () => {
    const kfp = await port();
    expect(await kfp.findPipeline("fraud-detection-retrain")).toBeNull();
    const pipeline = await kfp.createPipeline("fraud-detection-retrain", "managed by Slipway");
    const version = await kfp.uploadPipelineVersion(
      pipeline.id,
      "v3",
      new TextEncoder().encode(RETRAIN_YAML),
      "sha256:abc",
    );
    expect(version).toMatchObject({ pipelineId: pipeline.id, name: "v3", description: "sha256:abc" });
    expect(await kfp.findPipeline("fraud-detection-retrain")).toEqual(pipeline);
    expect(await kfp.findPipelineVersion(pipeline.id, "v3")).toMatchObject({ id: version.id });
    expect(await kfp.findPipelineVersion(pipeline.id, "v4")).toBeNull();
    expect(await kfp.latestPipelineVersion(pipeline.id)).toMatchObject({ id: version.id });
    const upload = fake.requestsTo("POST pipelines/upload_version")[0];
    expect(upload?.query).toMatchObject({ pipelineid: pipeline.id, name: "v3" });
    expect(upload?.body).toMatchObject({ files: ["uploadfile"] });
    // KFP keeps the two documents as pipeline_spec + platform_spec.
    const stored = fake.state.versions.get(version.id)?.pipeline_spec as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(["pipeline_spec", "platform_spec"]);
  });

  it("creates a run on a version with parameters, service account and the MLflow plugin, and reads it back", async () => {
    const kfp = await port();
    const experiment = await kfp.createExperiment("fraud-detection-v2");
    const pipeline = await kfp.createPipeline("fraud-detection-retrain");
    const version = await kfp.uploadPipelineVersion(
      pipeline.id,
      "v3",
      new TextEncoder().encode(RETRAIN_YAML),
    );
    const run = await kfp.createRun({
      displayName: "fraud-detection-retrain · retrain",
      description: "[slipway-key=retrain:acme/ml-platform#c1]",
      experimentId: experiment.id,
      source: { kind: "version", pipelineId: pipeline.id, versionId: version.id },
      parameters: { learning_rate: 0.05, num_leaves: 63, register_model: "fraud-detection" },
      serviceAccount: "pipeline-runner",
      mlflowExperiment: "fraud-detection-v2",
    });
    expect(run).toMatchObject({
      state: "PENDING",
      experimentId: experiment.id,
      serviceAccount: "pipeline-runner",
      parameters: { learning_rate: 0.05, num_leaves: 63, register_model: "fraud-detection" },
      mlflow: { experimentName: "fraud-detection-v2", state: "PLUGIN_RUNNING" },
    });
    expect(fake.requestsTo("POST runs")[0]?.body).toEqual({
      display_name: "fraud-detection-retrain · retrain",
      description: "[slipway-key=retrain:acme/ml-platform#c1]",
      experiment_id: experiment.id,
      pipeline_version_reference: { pipeline_id: pipeline.id, pipeline_version_id: version.id },
      runtime_config: {
        parameters: { learning_rate: 0.05, num_leaves: 63, register_model: "fraud-detection" },
      },
      service_account: "pipeline-runner",
      plugins_input: { mlflow: { experiment_name: "fraud-detection-v2" } },
    });
    fake.setRunState(run.id, "RUNNING");
    fake.linkMlflowRun(run.id, {
      runId: "3f2a9c41d8e04b6f9a7c2e51b0d4f813",
      experimentId: "12",
      runUrl: "https://mlflow/x",
    });
    fake.setRunState(run.id, "FAILED", { task: "train", message: "OOMKilled" });
    const read = await kfp.getRun(run.id);
    expect(read).toMatchObject({
      state: "FAILED",
      failedTasks: [{ name: "train", message: "OOMKilled" }],
      mlflow: { runId: "3f2a9c41d8e04b6f9a7c2e51b0d4f813", experimentId: "12", state: "PLUGIN_FAILED" },
    });
    expect(read.finishedAt).toBeDefined();
  });

  it("runs an inline compiled spec (pipeline_spec + platform_spec) and terminates it", async () => {
    const kfp = await port();
    const experiment = await kfp.createExperiment("adhoc");
    const run = await kfp.createRun({
      displayName: "inline",
      experimentId: experiment.id,
      source: { kind: "spec", package: retrainPackage() },
      parameters: { register_model: "fraud-detection" },
    });
    const body = fake.requestsTo("POST runs")[0]?.body as { pipeline_spec: Record<string, unknown> };
    expect(Object.keys(body.pipeline_spec).sort()).toEqual(["pipeline_spec", "platform_spec"]);
    await kfp.terminateRun(run.id);
    expect((await kfp.getRun(run.id)).state).toBe("CANCELING");
  });

  it("lists an experiment's runs page by page, newest first, filtered by description", async () => {
    const kfp = await port();
    const experiment = await kfp.createExperiment("many");
    const pipeline = await kfp.createPipeline("p");
    await kfp.uploadPipelineVersion(pipeline.id, "v1", new TextEncoder().encode(RETRAIN_YAML));
    for (let i = 0; i < 5; i++)
      await kfp.createRun({
        displayName: `run ${i}`,
        description: i % 2 === 0 ? `[slipway-key=k${i}]` : "by hand",
        experimentId: experiment.id,
        source: { kind: "version", pipelineId: pipeline.id },
        parameters: { register_model: "m" },
      });
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await kfp.listRuns({
        experimentId: experiment.id,
        pageSize: 2,
        ...(token ? { pageToken: token } : {}),
      });
      names.push(...page.items.map((r) => r.displayName));
      token = page.nextPageToken;
    } while (token);
    expect(names).toEqual(["run 4", "run 3", "run 2", "run 1", "run 0"]);
    const keyed = await kfp.listRuns({
      experimentId: experiment.id,
      descriptionContains: "[slipway-key=k2]",
    });
    expect(keyed.items.map((r) => r.displayName)).toEqual(["run 2"]);
  });

  it("creates, reads, disables, enables and deletes a recurring run; a deleted one reads as null", async () => {
    const kfp = await port();
    const experiment = await kfp.createExperiment("fraud-detection-v2");
    const pipeline = await kfp.createPipeline("fraud-detection-retrain");
    const version = await kfp.uploadPipelineVersion(
      pipeline.id,
      "v3",
      new TextEncoder().encode(RETRAIN_YAML),
    );
    const job = await kfp.createRecurringRun({
      displayName: "fraud-detection-retrain (acme/ml-platform)",
      experimentId: experiment.id,
      source: { kind: "version", pipelineId: pipeline.id, versionId: version.id },
      parameters: { register_model: "fraud-detection", training_window_days: 90 },
      serviceAccount: "pipeline-runner",
      cron: "0 0 3 1 * *",
      maxConcurrency: 1,
      noCatchup: true,
      enabled: true,
      mlflowExperiment: "fraud-detection-v2",
    });
    expect(job).toMatchObject({
      enabled: true,
      cron: "0 0 3 1 * *",
      maxConcurrency: 1,
      noCatchup: true,
      namespace: "ml-team",
      versionId: version.id,
      mlflowExperiment: "fraud-detection-v2",
    });
    await kfp.disableRecurringRun(job.id);
    expect((await kfp.getRecurringRun(job.id))?.enabled).toBe(false);
    await kfp.enableRecurringRun(job.id);
    expect((await kfp.getRecurringRun(job.id))?.enabled).toBe(true);
    const listed = await kfp.listRecurringRuns({ experimentId: experiment.id, displayName: job.displayName });
    expect(listed.items.map((j) => j.id)).toEqual([job.id]);
    await kfp.deleteRecurringRun(job.id);
    expect(await kfp.getRecurringRun(job.id)).toBeNull();
    await kfp.deleteRecurringRun(job.id); // already gone: the same end state, not a fault
    expect(kfp.recurringRunUrl(job.id)).toBe(`${fake.url}/#/recurringrun/details/${job.id}`);
  });

  it("is refused without the token, and with it in a namespace its identity may not use", async () => {
    const anonymous = await portOn(fake, { namespace: "ml-team" });
    const refused = await anonymous.findExperiment("x").catch((e: unknown) => e);
    expect(isPipelinesFault(refused) && refused.kind).toBe("auth");
    expect(String((refused as Error).message)).toMatch(/HTTP 401.*token file or identity header/);
    const elsewhere = await portOn(fake, { namespace: "finance", token: { file: "/t" } }, { "/t": TOKEN });
    const denied = await elsewhere.createExperiment("x").catch((e: unknown) => e);
    expect(isPipelinesFault(denied) && denied.kind).toBe("forbidden");
    expect(String((denied as Error).message)).not.toContain(TOKEN);
  });
});
