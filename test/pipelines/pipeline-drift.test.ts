import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectPipelineDrift } from "../../src/workflows/pipelines/pipeline-drift.ts";
import { pipelineDriftIssue } from "../../src/workflows/pipelines/pipeline-drift-issue.ts";
import { syncPipelines } from "../../src/workflows/pipelines/sync-pipelines.ts";
import { type FakeKfp, startFakeKfp } from "../fakes/kfp/fake.ts";
import { type SyncHarness, syncHarness, TOKEN } from "./sync-harness.ts";

const SA = "system:serviceaccount:ml-platform:slipway";

describe("config drift of recurring runs in Kubeflow Pipelines", () => {
  let fake: FakeKfp;
  let h: SyncHarness;
  beforeEach(async () => {
    fake = await startFakeKfp({ multiUser: true, users: { [SA]: ["ml-platform"] }, tokens: { [TOKEN]: SA } });
    h = await syncHarness(fake);
    await syncPipelines(h.ports, await h.commit());
  });
  afterEach(() => fake.close());
  const job = () => [...fake.state.recurringRuns.values()][0];

  it("finds nothing when KFP holds what git declares, and closes the issue", async () => {
    const drift = await detectPipelineDrift(h.ports);
    expect(drift).toEqual({ items: [], checked: 1, unreadable: [] });
    expect(pipelineDriftIssue(drift)).toMatchObject({
      open: false,
      closingNote: "Kubeflow Pipelines matches git again.",
    });
  });

  it("reports a recurring run disabled, changed or deleted behind git's back, reading only", async () => {
    const writes = fake.writes().length;
    const id = job()?.recurring_run_id as string;
    await fetch(`${fake.url}/apis/v2beta1/recurringruns/${id}:disable`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect((await detectPipelineDrift(h.ports)).items).toEqual([
      { pipeline: "fraud-detection-retrain", kind: "disabled", fields: [], url: expect.stringContaining(id) },
    ]);
    const stored = fake.state.recurringRuns.get(id);
    if (stored) stored.trigger = { cron_schedule: { cron: "0 0 4 * * *" } };
    const changed = await detectPipelineDrift(h.ports);
    expect(changed.items).toEqual([
      {
        pipeline: "fraud-detection-retrain",
        kind: "changed",
        fields: [{ field: "schedule", from: "0 0 4 * * *", to: "0 0 3 1 * *" }],
        url: expect.any(String),
      },
    ]);
    const issue = pipelineDriftIssue(changed);
    expect(issue.title).toBe("Config drift in Kubeflow Pipelines");
    expect(issue.body).toContain("| [`fraud-detection-retrain`](");
    expect(issue.body).toContain("| changed in KFP | `schedule` | 0 0 4 * * * | 0 0 3 1 * * |");
    fake.state.recurringRuns.delete(id);
    expect((await detectPipelineDrift(h.ports)).items).toMatchObject([{ kind: "deleted", url: null }]);
    // Detection only reads; the one write above was the test's own disable.
    expect(fake.writes()).toHaveLength(writes + 1);
  });

  it("a disabled recurring run turned on again in KFP is drift, and the next sync disables it again", async () => {
    await syncPipelines(h.ports, await h.commit((f) => delete f["pipelines/fraud-detection-retrain.yaml"]));
    const stored = job();
    if (stored) stored.status = "ENABLED";
    expect((await detectPipelineDrift(h.ports)).items).toMatchObject([{ kind: "enabled" }]);
    await syncPipelines(h.ports, await h.commit((f) => (f["README.md"] = "x")));
    expect(job()?.status).toBe("DISABLED");
    expect((await detectPipelineDrift(h.ports)).items).toEqual([]);
  });
});
