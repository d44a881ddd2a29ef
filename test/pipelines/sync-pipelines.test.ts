import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { syncPipelines } from "../../src/workflows/pipelines/sync-pipelines.ts";
import { type FakeKfp, startFakeKfp } from "../fakes/kfp/fake.ts";
import { edit } from "../helpers/check-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { PIPELINE, type SyncHarness, syncHarness, TOKEN } from "./sync-harness.ts";

const SA = "system:serviceaccount:ml-platform:slipway";

describe("syncing the default branch's Pipelines into Kubeflow Pipelines", () => {
  let fake: FakeKfp;
  let h: SyncHarness;
  beforeEach(async () => {
    fake = await startFakeKfp({ multiUser: true, users: { [SA]: ["ml-platform"] }, tokens: { [TOKEN]: SA } });
    h = await syncHarness(fake);
  });
  afterEach(() => fake.close());

  const jobs = () => [...fake.state.recurringRuns.values()];

  it("creates the experiment, the pipeline version and the recurring run once, recorded by stable name", async () => {
    const first = await h.commit();
    const outcome = await syncPipelines(h.ports, first);
    expect(outcome).toMatchObject({ kind: "synced", failed: 0 });
    expect(jobs()).toHaveLength(1);
    const [job] = jobs();
    expect(job).toMatchObject({
      display_name: "fraud-detection-retrain (acme/ml-platform)",
      namespace: "ml-platform",
      service_account: "pipeline-runner",
      max_concurrency: 1,
      no_catchup: true,
      status: "ENABLED",
      trigger: { cron_schedule: { cron: "0 0 3 1 * *" } },
      runtime_config: {
        parameters: {
          training_window_days: 90,
          learning_rate: 0.05,
          num_leaves: 63,
          register_model: "fraud-detection",
        },
      },
      plugins_input: { mlflow: { experiment_name: "fraud-detection-v2" } },
    });
    const [experiment] = fake.state.experiments.values();
    expect(experiment).toMatchObject({ display_name: "fraud-detection-v2", namespace: "ml-platform" });
    const [version] = fake.state.versions.values();
    expect(version?.name).toBe("v3");
    expect(version?.description).toMatch(/^slipway sha256:[0-9a-f]{64}$/);
    const records = await h.ports.records.read();
    expect(records.syncedCommit).toBe(first);
    expect(records.recurring["fraud-detection-retrain"]).toMatchObject({
      recurringRunId: job?.recurring_run_id,
      status: "active",
      pending: null,
    });
    expect(outcome.kind === "synced" && outcome.report).toMatch(
      /^\*\*Kubeflow Pipelines\*\* at `01ccccc`:\n- created the recurring run of `fraud-detection-retrain`: `0 3 1 \* \*` \(KFP `0 0 3 1 \* \*`\), package `v3`, experiment `fraud-detection-v2` — \[open in KFP\]\(http:\/\/127\.0\.0\.1:\d+\/#\/recurringrun\/details\/[0-9a-f-]+\)$/,
    );
  });

  it("the same commit again is skipped, and a later commit with the same spec writes nothing", async () => {
    const first = await h.commit();
    await syncPipelines(h.ports, first);
    const writes = fake.writes().length;
    expect(await syncPipelines(h.ports, first)).toEqual({
      kind: "skipped",
      reason: "`01ccccc` is already synced",
    });
    const second = await h.commit((f) => {
      f["README.md"] = "docs only";
    });
    expect(await syncPipelines(h.ports, second)).toMatchObject({ kind: "synced", lines: [], report: null });
    expect(fake.writes()).toHaveLength(writes);
    // An older commit arriving late is never synced over a newer one.
    expect(await syncPipelines(h.ports, first)).toMatchObject({ kind: "skipped" });
  });

  it("a changed parameter replaces the recurring run (KFP has no update): one remains, with the new value", async () => {
    await syncPipelines(h.ports, await h.commit());
    const before = jobs()[0]?.recurring_run_id;
    const changed = await h.commit((f) => edit(f, PIPELINE, "learning_rate: 0.05", "learning_rate: 0.1"));
    const outcome = await syncPipelines(h.ports, changed);
    expect(jobs()).toHaveLength(1);
    expect(jobs()[0]?.recurring_run_id).not.toBe(before);
    expect(jobs()[0]?.runtime_config.parameters.learning_rate).toBe(0.1);
    expect(outcome.kind === "synced" && outcome.report).toMatch(
      /- updated the recurring run of `fraud-detection-retrain`: `parameters\.learning_rate` 0\.05 → 0\.1 — \[open in KFP\]/,
    );
  });

  it("removing the Pipeline disables its recurring run (kept, reversible); bringing it back enables it", async () => {
    await syncPipelines(h.ports, await h.commit());
    const original = (await templateFiles())[PIPELINE] as string;
    const removed = await h.commit((f) => {
      delete f[PIPELINE];
    });
    const outcome = await syncPipelines(h.ports, removed);
    expect(outcome.kind === "synced" && outcome.report).toMatch(
      /- disabled the recurring run of `fraud-detection-retrain`: it is no longer scheduled in git/,
    );
    expect(jobs()).toHaveLength(1);
    expect(jobs()[0]?.status).toBe("DISABLED");
    expect((await h.ports.records.read()).recurring["fraud-detection-retrain"]?.status).toBe("disabled");
    const restored = await syncPipelines(h.ports, await h.commit((f) => (f[PIPELINE] = original)));
    expect(restored.kind === "synced" && restored.report).toMatch(
      /- enabled the recurring run of `fraud-detection-retrain` again/,
    );
    expect(jobs()).toHaveLength(1);
    expect(jobs()[0]?.status).toBe("ENABLED");
    expect((await h.ports.records.read()).recurring["fraud-detection-retrain"]?.status).toBe("active");
  });

  it("a create whose answer was lost is found again by its stable name: exactly one recurring run", async () => {
    fake.failNext("POST recurringruns", { lostAnswer: true });
    const first = await h.commit();
    const lost = await syncPipelines(h.ports, first);
    expect(lost).toMatchObject({ kind: "synced", failed: 1 });
    expect((await h.ports.records.read()).recurring["fraud-detection-retrain"]?.pending?.op).toBe("create");
    expect((await h.ports.records.read()).syncedCommit).toBeNull();
    const again = await syncPipelines(h.ports, first);
    expect(again).toMatchObject({ kind: "synced", failed: 0, lines: [] });
    expect(jobs()).toHaveLength(1);
    const record = (await h.ports.records.read()).recurring["fraud-detection-retrain"];
    expect(record).toMatchObject({ recurringRunId: jobs()[0]?.recurring_run_id, pending: null });
    expect(fake.requestsTo("POST recurringruns")).toHaveLength(1);
  });

  it("a recurring run deleted in KFP is created again by the next sync", async () => {
    await syncPipelines(h.ports, await h.commit());
    fake.state.recurringRuns.clear();
    const outcome = await syncPipelines(h.ports, await h.commit((f) => (f["README.md"] = "x")));
    expect(jobs()).toHaveLength(1);
    expect(outcome.kind === "synced" && outcome.report).toMatch(
      /created the recurring run of `fraud-detection-retrain` again \(it had been deleted in KFP\)/,
    );
  });

  it("does nothing at all in KFP when no kfp integration is bound", async () => {
    const unbound = await syncHarness(fake, null);
    const outcome = await syncPipelines(unbound.ports, await unbound.commit());
    expect(fake.requests).toEqual([]);
    expect(outcome).toMatchObject({ kind: "synced", lines: [], report: null });
  });
});
