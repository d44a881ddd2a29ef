import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { retrainCommand, retrainKey } from "../../src/workflows/pipelines/retrain-command.ts";
import { startPipelineRun } from "../../src/workflows/pipelines/start-run.ts";
import { mlflowRunOf, type RunCommentPort, trackRuns } from "../../src/workflows/pipelines/track-runs.ts";
import { type FakeKfp, startFakeKfp } from "../fakes/kfp/fake.ts";
import { type SyncHarness, syncHarness, TOKEN } from "./sync-harness.ts";

const SA = "system:serviceaccount:ml-platform:slipway";

/** Comments kept in memory, as GitHub would hold them. */
function memoryComments() {
  const bodies = new Map<number, { issue: number; body: string; edits: number }>();
  const port: RunCommentPort = {
    async create(issue, body) {
      const id = bodies.size + 1;
      bodies.set(id, { issue, body, edits: 0 });
      return id;
    },
    async update(id, body) {
      const found = bodies.get(id);
      if (found) bodies.set(id, { ...found, body, edits: found.edits + 1 });
    },
  };
  return { port, bodies };
}

describe("/slipway retrain", () => {
  let fake: FakeKfp;
  let h: SyncHarness;
  let comments: ReturnType<typeof memoryComments>;
  beforeEach(async () => {
    fake = await startFakeKfp({ multiUser: true, users: { [SA]: ["ml-platform"] }, tokens: { [TOKEN]: SA } });
    h = await syncHarness(fake);
    comments = memoryComments();
  });
  afterEach(() => fake.close());

  async function retrain(
    login: string,
    params: string[] = [],
    commentId = 101,
    pipeline = "fraud-detection-retrain",
  ) {
    const sha = await h.commit();
    const tree = await h.ports.readTree(sha);
    const { snapshot } = validateRepo(tree, { binding: h.ports.binding });
    return retrainCommand(
      { ...h.ports, comments: comments.port, isMember: async (who, owners) => owners.includes(`@${who}`) },
      { snapshot, tree },
      { repo: "acme/ml-platform", issue: 12, commentId, login, pipeline, params },
    );
  }

  it("is refused to someone who does not own the pipeline's model, starting nothing", async () => {
    expect(await retrain("mallory")).toBe(
      "only an owner of `fraud-detection` (@acme/fraud-ml, @jdoe) can retrain `fraud-detection-retrain`; nothing was started.",
    );
    expect(fake.requests).toEqual([]);
  });

  it("starts one run for an owner, with the overrides typed as the pipeline declares them, and a tracking comment", async () => {
    expect(await retrain("jdoe", ["learning_rate=0.1", "num_leaves=127"])).toBe("");
    const [run] = fake.runs();
    expect(fake.runs()).toHaveLength(1);
    expect(run).toMatchObject({
      display_name: "fraud-detection-retrain · retrain by @jdoe (#12)",
      service_account: "pipeline-runner",
      namespace: "ml-platform",
      runtime_config: {
        parameters: {
          training_window_days: 90,
          learning_rate: 0.1,
          num_leaves: 127,
          register_model: "fraud-detection",
        },
      },
      plugins_input: { mlflow: { experiment_name: "fraud-detection-v2" } },
    });
    expect(run?.description).toContain(`[slipway-key=${retrainKey("acme/ml-platform", 101)}]`);
    const [comment] = [...comments.bodies.values()];
    expect(comment?.issue).toBe(12);
    expect(comment?.body).toContain("⏳ **Retrain `fraud-detection-retrain`: pending** — requested by @jdoe");
    expect(comment?.body).toContain(`/#/runs/details/${run?.run_id}`);
    // The same comment delivered again starts nothing.
    expect(await retrain("jdoe", ["learning_rate=0.1", "num_leaves=127"])).toMatch(
      /^this comment started .* already; it was not started again\.$/,
    );
    expect(fake.runs()).toHaveLength(1);
  });

  it("refuses a parameter the pipeline does not declare, or of the wrong type, before touching KFP's runs", async () => {
    expect(await retrain("jdoe", ["learning_rat=0.1"])).toMatch(
      /nothing was started: the pipeline declares no parameter `learning_rat`/,
    );
    expect(await retrain("jdoe", ["num_leaves=many"], 102)).toBe(
      "nothing was started: `num_leaves=many` is not a value of its type (NUMBER_INTEGER)",
    );
    expect(await retrain("jdoe", [], 103, "fraud-detection-retrian")).toBe(
      "the default branch declares no Pipeline `fraud-detection-retrian` (did you mean `fraud-detection-retrain`?)",
    );
    expect(fake.requestsTo("POST runs")).toEqual([]);
  });

  it("the tracker follows the run to its end: running, then failed with the failing task", async () => {
    await retrain("jdoe");
    const [run] = fake.runs();
    const id = run?.run_id as string;
    expect(await trackRuns(h.ports, comments.port)).toBe(0);
    fake.setRunState(id, "RUNNING");
    expect(await trackRuns(h.ports, comments.port)).toBe(1);
    expect([...comments.bodies.values()][0]?.body).toContain(
      "🔄 **Retrain `fraud-detection-retrain`: running**",
    );
    fake.setRunState(id, "FAILED", { task: "train", message: "OOMKilled: the container used 16Gi" });
    await trackRuns(h.ports, comments.port);
    const body = [...comments.bodies.values()][0]?.body ?? "";
    expect(body).toContain("❌ **Retrain `fraud-detection-retrain`: failed**");
    expect(body).toContain("Failed at task `train`: OOMKilled: the container used 16Gi");
    expect((await h.ports.records.read()).runs[0]?.done).toBe(true);
    expect(await trackRuns(h.ports, comments.port)).toBe(0);
    expect([...comments.bodies.values()]).toHaveLength(1);
  });
});

describe("what a finished run leads to (for the drift-to-candidate loop)", () => {
  let fake: FakeKfp;
  let h: SyncHarness;
  beforeEach(async () => {
    fake = await startFakeKfp({ multiUser: true, users: { [SA]: ["ml-platform"] }, tokens: { [TOKEN]: SA } });
    h = await syncHarness(fake);
  });
  afterEach(() => fake.close());

  it("calls back once when a run ends, with the MLflow run KFP's plugin reported", async () => {
    const sha = await h.commit();
    const tree = await h.ports.readTree(sha);
    const { snapshot } = validateRepo(tree, { binding: h.ports.binding });
    const started = await startPipelineRun(h.ports, snapshot, tree, {
      pipeline: "fraud-detection-retrain",
      key: "drift:fraud-detection-drift:run-42",
      overrides: [],
      requestedBy: "slipway",
      displayName: "fraud-detection-retrain · drift",
      issue: null,
    });
    if (!("started" in started)) throw new Error(started.refused);
    const again = await startPipelineRun(h.ports, snapshot, tree, {
      pipeline: "fraud-detection-retrain",
      key: "drift:fraud-detection-drift:run-42",
      overrides: [],
      requestedBy: "slipway",
      displayName: "fraud-detection-retrain · drift",
      issue: null,
    });
    expect("started" in again && again.started).toMatchObject({
      runId: started.started.runId,
      existing: true,
    });
    expect(fake.runs()).toHaveLength(1);
    const done: string[] = [];
    const onDone = async (_: unknown, run: { mlflow?: { runId?: string } }) => {
      done.push(run.mlflow?.runId ?? "none");
    };
    const port = memoryComments().port;
    fake.linkMlflowRun(started.started.runId, {
      runId: "a".repeat(32),
      experimentId: "12",
      runUrl: "https://mlflow/x",
    });
    fake.setRunState(started.started.runId, "SUCCEEDED");
    await trackRuns(h.ports, port, onDone);
    await trackRuns(h.ports, port, onDone);
    expect(done).toEqual(["a".repeat(32)]);
    const bound = await h.ports.connect("kubeflow");
    if ("unavailable" in bound) throw new Error(bound.unavailable);
    expect(await mlflowRunOf(bound.pipelines, started.started.runId)).toEqual({
      runId: "a".repeat(32),
      experimentId: "12",
      url: "https://mlflow/x",
    });
  });
});
