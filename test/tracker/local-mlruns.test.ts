import { createHash } from "node:crypto";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/tracker/mlflow-file-store/bounded-files.ts";
import { openFileStoreTracker } from "../../src/tracker/mlflow-file-store/file-store.ts";
import { type SeededStores, seedStores } from "./fixtures/local-stores.ts";
import { faultOf } from "./tracker-harness.ts";

/** One hash over every file's path and bytes, to show a read left the tree as it was. */
async function treeHash(root: string): Promise<string> {
  const hash = createHash("sha256");
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) hash.update(file).update(await readFile(file));
  return `${files.length}:${hash.digest("hex")}`;
}

describe("MLflow file store (./mlruns)", () => {
  let stores: SeededStores;
  let root: string;
  beforeEach(async () => {
    stores = await seedStores();
    root = stores.mlrunsPath;
  });
  afterEach(() => stores.close());

  it("names the meta.yaml that is not YAML", async () => {
    const file = join(root, stores.scenario.experimentId, "meta.yaml");
    await writeFile(file, "name: [fraud-detection\nexperiment_id: '1'\n");
    const fault = await faultOf((await stores.mlruns()).getExperimentByName("fraud-detection"));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toMatch(new RegExp(`^${file}: is not valid YAML: `));
  });

  it("names the meta.yaml that holds a list, or a field of the wrong type", async () => {
    const runMeta = join(root, stores.scenario.experimentId, stores.scenario.runs.baseline, "meta.yaml");
    await writeFile(runMeta, "- just\n- a list\n");
    const list = await faultOf((await stores.mlruns()).getRun(stores.scenario.runs.baseline));
    expect(list.message).toBe(`${runMeta}: does not hold a YAML mapping of fields, as MLflow writes it.`);
    await writeFile(
      runMeta,
      `run_id: ${stores.scenario.runs.baseline}\nexperiment_id: '1'\nstatus: 3\nstart_time: soon\n`,
    );
    const field = await faultOf((await stores.mlruns()).getRun(stores.scenario.runs.baseline));
    expect(field.message).toBe(`${runMeta}: "start_time" is "soon", not a number.`);
  });

  it("names the metric file and line that is not 'timestamp value step'", async () => {
    const file = join(root, stores.scenario.experimentId, stores.scenario.runs.candidate, "metrics", "f1");
    await writeFile(file, "1767225602000 0.85 0\n1767225602005 zero 0\n");
    const fault = await faultOf((await stores.mlruns()).getRun(stores.scenario.runs.candidate));
    expect(fault.message).toBe(`${file}: line 2 is not "timestamp value step".`);
  });

  it("picks the latest point by step, then timestamp, and reads keys nested by '/'", async () => {
    const metrics = join(root, stores.scenario.experimentId, stores.scenario.runs.candidate, "metrics");
    await writeFile(join(metrics, "f1"), "300 0.99 1\n100 0.5 2\n200 0.4 2\n");
    await mkdir(join(metrics, "loss"), { recursive: true });
    await writeFile(join(metrics, "loss", "train"), "100 nan 0\n");
    const run = await (await stores.mlruns()).getRun(stores.scenario.runs.candidate);
    expect(run.data.metrics.find((m) => m.key === "f1")).toEqual({
      key: "f1",
      value: 0.4,
      timestamp: 200,
      step: 2,
    });
    expect(run.data.metrics.find((m) => m.key === "loss/train")?.value).toBeNaN();
  });

  it("refuses files and folders past its limits instead of reading them", async () => {
    const small = { ...DEFAULT_LIMITS, maxMetaBytes: 64 };
    const big = await faultOf(
      (await openFileStoreTracker(root, small)).getRun(stores.scenario.runs.baseline),
    );
    expect(big.message).toMatch(/meta\.yaml: is \d+ bytes, more than the 64 a local MLflow read accepts\.$/);
    const few = { ...DEFAULT_LIMITS, maxEntries: 3 };
    const crowded = await faultOf(
      (await openFileStoreTracker(root, few)).searchRuns({ experimentIds: [stores.scenario.experimentId] }),
    );
    expect(crowded.message).toContain("more than the 3 a local MLflow read accepts");
  });

  it("never leaves the store for ids and names that are paths", async () => {
    const tracker = await stores.mlruns();
    await writeFile(join(stores.dir, "meta.yaml"), "name: outside\nexperiment_id: '9'\n");
    for (const attempt of [
      tracker.getRun("../meta.yaml"),
      tracker.getRegisteredModel("../../mlruns"),
      tracker.getLoggedModel("../.."),
      tracker.getModelVersion("..", "1"),
    ])
      expect((await faultOf(attempt)).kind).toBe("not-found");
    expect((await tracker.searchRuns({ experimentIds: [".."] })).items).toEqual([]);
  });

  it("finds a deleted experiment in .trash, and prefers the active one of the same name", async () => {
    const active = join(root, stores.scenario.experimentId);
    await mkdir(join(root, ".trash"), { recursive: true });
    await cp(active, join(root, ".trash", "7"), { recursive: true });
    const trashed = join(root, ".trash", "7", "meta.yaml");
    const meta = await readFile(trashed, "utf8");
    await writeFile(
      trashed,
      meta
        .replace(/experiment_id: .*/, 'experiment_id: "7"')
        .replace("lifecycle_stage: active", "lifecycle_stage: deleted"),
    );
    const tracker = await stores.mlruns();
    expect((await tracker.getExperimentByName("fraud-detection")).experiment_id).toBe(
      stores.scenario.experimentId,
    );
    await rm(active, { recursive: true });
    expect(await tracker.getExperimentByName("fraud-detection")).toMatchObject({
      experiment_id: "7",
      lifecycle_stage: "deleted",
    });
  });

  it("resolves a runs:/ source, refuses writes, and leaves every file as it was", async () => {
    const before = await treeHash(root);
    const tracker = await stores.mlruns();
    const { runs, experimentId } = stores.scenario;
    expect(await tracker.getDownloadUri("churn", "1")).toBe(
      `mlflow-artifacts:/${experimentId}/${runs.wide}/artifacts/model`,
    );
    const write = await faultOf(tracker.setAlias("fraud-detection", "champion", "2"));
    expect(write.message).toContain(`MLflow file store ${root} is read-only`);
    await tracker.searchRuns({ experimentIds: [experimentId], runViewType: "ALL" });
    expect(await treeHash(root)).toBe(before);
  });

  it("refuses a path that is not a directory, hinting at sqlite:/// for a database file", async () => {
    const fault = await faultOf(openFileStoreTracker(stores.dbPath));
    expect(fault.message).toBe(
      `${stores.dbPath}: is a file, not an mlruns directory; for an MLflow database use sqlite:///<path>.`,
    );
    expect((await faultOf(openFileStoreTracker(join(stores.dir, "absent")))).message).toContain(
      "does not exist",
    );
  });
});
