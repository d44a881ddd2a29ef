import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { connectKubeCluster } from "../../src/cluster/kube-cluster.ts";
import type { PipelineRecordStore, RecurringRecord, TrackedRun } from "../../src/state/pipeline-records.ts";
import { clusterPipelineRecords } from "../../src/state/pipeline-records-cluster.ts";
import { openSqliteStore } from "../../src/state/sqlite-store.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";

const record = (pipeline: string): RecurringRecord => ({
  pipeline,
  integration: "kubeflow",
  stableName: `${pipeline} (acme/ml-platform)`,
  recurringRunId: null,
  applied: null,
  status: "active",
  pending: { op: "create", commit: "c".repeat(40), since: "2026-11-25T06:00:00.000Z", replacing: null },
});

/** The behaviour both stores share: a fresh repository reads empty; writes read back; two writers both land. */
function contract(open: () => Promise<{ a: PipelineRecordStore; b: PipelineRecordStore }>) {
  it("reads empty, keeps what is written, and loses neither of two concurrent writers' changes", async () => {
    const { a, b } = await open();
    expect(await a.read()).toEqual({ syncedCommit: null, recurring: {}, runs: [] });
    await Promise.all([
      a.update((r) => {
        r.recurring.one = record("one");
      }),
      b.update((r) => {
        r.recurring.two = record("two");
      }),
    ]);
    await a.update((r) => {
      r.syncedCommit = "d".repeat(40);
    });
    const read = await b.read();
    expect(Object.keys(read.recurring).sort()).toEqual(["one", "two"]);
    expect(read.syncedCommit).toBe("d".repeat(40));
  });

  it("keeps a triggered run's reasons, its follow-up and its retries as written (issue #19)", async () => {
    const { a, b } = await open();
    const run: TrackedRun = {
      key: "drift:production/fraud-detection-drift@2026-11-25T06:00:00.000Z:fraud-detection-retrain",
      pipeline: "fraud-detection-retrain",
      integration: "kubeflow",
      experiment: "fraud-detection-retrain",
      runId: null,
      requestedBy: "slipway",
      requestedAt: "2026-11-25T06:00:01.000Z",
      state: "NOT_STARTED",
      comment: { issue: 7, id: null },
      overrides: [],
      done: true,
      trigger: {
        monitor: "fraud-detection-drift",
        environment: "production",
        runAt: "2026-11-25T06:00:00.000Z",
        conditions: ["quality", "classification"],
        columns: [],
        report: "s3://acme-datalake/slipway-reports/production/fraud-detection-drift/20261125T060000Z.html",
        metrics: [{ metric: "recall", reference: 0.77, current: null, bound: "≥ 0.75" }],
        problems: ["column `amount`: 12% of values are null"],
        issue: 7,
      },
      followUp: {
        state: "reported",
        version: null,
        pull: null,
        at: "2026-11-25T07:00:01.000Z",
        note: "never started",
      },
      skipsSaid: ["production/fraud-detection-drift#7"],
      retriedAt: "2026-11-25T06:50:01.000Z",
    };
    await a.update((r) => {
      r.runs.push(run);
    });
    expect((await b.read()).runs).toEqual([run]);
  });
}

describe("Kubeflow Pipelines records in the embedded store's SQLite file", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const openTwo = async () => {
    dir = mkdtempSync(join(tmpdir(), "slipway-kfp-records-"));
    const path = join(dir, "state.db");
    const clock = () => Date.parse("2026-11-25T06:00:00Z");
    return {
      a: openSqliteStore(path, { clock }).pipelineRecords("acme/ml-platform"),
      b: openSqliteStore(path, { clock }).pipelineRecords("ACME/ml-platform"),
    };
  };
  contract(openTwo);

  it("migrates a version-1 database and refuses a row edited into something else, naming it", async () => {
    dir = mkdtempSync(join(tmpdir(), "slipway-kfp-records-"));
    const path = join(dir, "state.db");
    const old = new DatabaseSync(path);
    old.exec(
      "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);",
    );
    old.exec(
      "CREATE TABLE states (environment TEXT PRIMARY KEY, revision INTEGER NOT NULL, state TEXT NOT NULL)",
    );
    old.close();
    const store = openSqliteStore(path, { clock: () => 0 }).pipelineRecords("acme/ml-platform");
    await store.update((r) => {
      r.recurring.one = record("one");
    });
    const db = new DatabaseSync(path);
    db.prepare("UPDATE pipeline_records SET records = ?").run('{"syncedCommit": 7}');
    db.close();
    await expect(store.read()).rejects.toThrow(
      /state.db: table pipeline_records, row for acme\/ml-platform: recurring: expected an object, found nothing/,
    );
  });
});

describe("Kubeflow Pipelines records in a ConfigMap (cluster mode)", () => {
  let fake: FakeKubernetes;
  let dir = "";
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const openTwo = async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml-serving");
    dir = mkdtempSync(join(tmpdir(), "slipway-kfp-records-kube-"));
    const kubeconfig = join(dir, "config");
    writeFileSync(kubeconfig, fake.kubeconfig({ context: "fake" }));
    const port = () =>
      connectKubeCluster({ kubeconfig, context: "fake" }, { retry: { sleep: async () => undefined } });
    const options = { sleep: async () => undefined };
    return {
      a: clusterPipelineRecords(port(), "ml-serving", "acme/ml-platform", options),
      b: clusterPipelineRecords(port(), "ml-serving", "acme/ml-platform", options),
    };
  };
  contract(openTwo);

  it("keeps them in slipway-pipelines beside the environment state, labelled as Slipway's", async () => {
    const { a } = await openTwo();
    await a.update((r) => {
      r.recurring.one = record("one");
    });
    const stored = fake.objects("ConfigMap").find((o) => o.metadata.name === "slipway-pipelines");
    expect(stored?.metadata.namespace).toBe("ml-serving");
    expect(stored?.metadata.labels).toMatchObject({ "app.kubernetes.io/managed-by": "slipway" });
    expect(
      JSON.parse(((stored?.data ?? {}) as Record<string, string>)["records.json"] ?? "{}").repository,
    ).toBe("acme/ml-platform");
  });
});
