import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteTracker } from "../../src/tracker/mlflow-sqlite/sqlite-store.ts";
import { type SeededStores, seedStores } from "./fixtures/local-stores.ts";
import { faultOf } from "./tracker-harness.ts";

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

describe("MLflow sqlite store", () => {
  let stores: SeededStores | undefined;
  afterEach(async () => {
    await stores?.close();
    stores = undefined;
  });

  it("refuses a database missing a table, naming the table and the file", async () => {
    stores = await seedStores({ alter: (db) => db.exec("DROP TABLE registered_model_aliases") });
    const path = stores.dbPath;
    const fault = await faultOf(Promise.resolve().then(() => openSqliteTracker(path)));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toContain('table "registered_model_aliases" is missing');
    expect(fault.message).toContain(path);
  });

  it("refuses a database missing a column it reads", async () => {
    stores = await seedStores({ alter: (db) => db.exec("ALTER TABLE runs DROP COLUMN user_id") });
    const path = stores.dbPath;
    const fault = await faultOf(Promise.resolve().then(() => openSqliteTracker(path)));
    expect(fault.message).toContain('column "runs.user_id" is missing');
  });

  it("says plainly when the file is not SQLite, or is not there", async () => {
    stores = await seedStores();
    const text = join(stores.dir, "notes.db");
    await writeFile(text, "experiment_id,name\n1,fraud-detection\n");
    const notSqlite = await faultOf(Promise.resolve().then(() => openSqliteTracker(text)));
    expect(notSqlite.message).toBe(
      `${text}: is not an SQLite database (its first bytes are not the SQLite header).`,
    );
    const missing = join(stores.dir, "nope.db");
    const absent = await faultOf(Promise.resolve().then(() => openSqliteTracker(missing)));
    expect(absent.message).toContain(`${missing}: does not exist`);
  });

  it("refuses writes, naming the REST alternative, and leaves the file's bytes unchanged", async () => {
    stores = await seedStores();
    const before = await sha256(stores.dbPath);
    const tracker = stores.sqlite();
    const { scenario } = stores;
    await tracker.getRun(scenario.runs.baseline);
    await tracker.searchRuns({ experimentIds: [scenario.experimentId], filter: "metrics.f1 > 0.1" });
    await tracker.searchModelVersions({ filter: "name = 'fraud-detection'" });
    await tracker.getDownloadUri("fraud-detection", "4");
    for (const write of [
      tracker.setAlias("fraud-detection", "champion", "2"),
      tracker.deleteAlias("fraud-detection", "champion"),
      tracker.transitionStage("fraud-detection", "2", "Production", true),
    ]) {
      const fault = await faultOf(write);
      expect(fault.kind).toBe("invalid");
      expect(fault.message).toMatch(/is read-only: .* needs an MLflow tracking server/);
      expect(fault.message).toContain("http:// or https://");
    }
    expect((await tracker.getModelVersionByAlias("fraud-detection", "champion")).version).toBe("1");
    expect(await sha256(stores.dbPath)).toBe(before);
  });

  it("resolves runs:/ sources to the run's artifact URI, and models:/ sources without storage_location", async () => {
    stores = await seedStores({
      alter: (db) => db.exec("UPDATE model_versions SET storage_location = NULL"),
    });
    const tracker = stores.sqlite();
    const { runs, loggedModelId, experimentId } = stores.scenario;
    expect(await tracker.getDownloadUri("churn", "1")).toBe(
      `mlflow-artifacts:/${experimentId}/${runs.wide}/artifacts/model`,
    );
    expect(await tracker.getDownloadUri("fraud-detection", "4")).toBe(
      `mlflow-artifacts:/${experimentId}/models/${loggedModelId}/artifacts`,
    );
  });

  it("reads a database from before MLflow 2.9 and 3.0 (no storage_location, no logged models)", async () => {
    stores = await seedStores({
      alter: (db) => {
        db.exec("ALTER TABLE model_versions DROP COLUMN storage_location");
        for (const table of [
          "logged_model_metrics",
          "logged_model_params",
          "logged_model_tags",
          "logged_models",
        ])
          db.exec(`DROP TABLE ${table}`);
      },
    });
    const tracker = stores.sqlite();
    expect(await tracker.getDownloadUri("fraud-detection", "1")).toContain(stores.scenario.runs.baseline);
    expect((await faultOf(tracker.getLoggedModel(stores.scenario.loggedModelId))).errorCode).toBe(
      "RESOURCE_DOES_NOT_EXIST",
    );
    // The logged model is gone, so its models:/ source names nothing: a not-found fault, not a guess.
    expect((await faultOf(tracker.getDownloadUri("fraud-detection", "4"))).kind).toBe("not-found");
  });

  it("reports a value MLflow would never write as a fault naming the file and the run", async () => {
    stores = await seedStores({
      alter: (db) => {
        db.exec("PRAGMA ignore_check_constraints = ON");
        db.exec("UPDATE runs SET status = 'DONE' WHERE name = 'lgbm-wide'");
      },
    });
    const fault = await faultOf(stores.sqlite().getRun(stores.scenario.runs.wide));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toBe(
      `${stores.dbPath}: run ${stores.scenario.runs.wide} has status "DONE", not one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED.`,
    );
  });

  it("reads a NaN metric as NaN (is_nan), not as the stored placeholder", async () => {
    stores = await seedStores({
      alter: (db) => db.exec("UPDATE latest_metrics SET value = 0, is_nan = 1 WHERE key = 'recall'"),
    });
    const run = await stores.sqlite().getRun(stores.scenario.runs.baseline);
    expect(run.data.metrics.find((m) => m.key === "recall")?.value).toBeNaN();
    expect(run.data.metrics.find((m) => m.key === "f1")?.value).toBe(0.8163);
  });
});
