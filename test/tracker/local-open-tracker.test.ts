import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTracker } from "../../src/tracker/open-tracker.ts";
import { type SeededStores, seedStores } from "./fixtures/local-stores.ts";
import { faultOf } from "./tracker-harness.ts";

describe("openTracker: one tracking URI, the right adapter", () => {
  let stores: SeededStores;
  const opened: { close(): void }[] = [];
  beforeAll(async () => {
    stores = await seedStores();
  });
  afterAll(async () => {
    for (const o of opened) o.close();
    await stores.close();
  });
  const open = async (uri: string, allowLocal = true) => {
    const result = await openTracker(uri, { allowLocal, cwd: stores.dir, connect: { maxAttempts: 1 } });
    opened.push(result);
    return result;
  };

  it("reads every form of the same store alike: http, sqlite:/// (relative and absolute), file://, a path", async () => {
    const forms = [
      stores.fake.url,
      "sqlite:///mlflow.db",
      `sqlite:///${stores.dbPath}`,
      `file://${stores.mlrunsPath}`,
      "mlruns",
      stores.mlrunsPath,
    ];
    const kinds: string[] = [];
    for (const uri of forms) {
      const { tracker, kind } = await open(uri);
      kinds.push(kind);
      const run = await tracker.getRun(stores.scenario.runs.candidate);
      expect(run.info.run_name).toBe("lgbm-candidate");
    }
    expect(kinds).toEqual(["rest", "sqlite", "sqlite", "file-store", "file-store", "file-store"]);
    expect((await open("sqlite:///mlflow.db")).location).toBe(stores.dbPath);
    expect((await open(stores.fake.url)).location).toBe(new URL(stores.fake.url).host);
  });

  it("refuses local stores when local paths are not allowed (server mode), and still opens http", async () => {
    for (const uri of ["sqlite:///mlflow.db", "mlruns", `file://${stores.mlrunsPath}`]) {
      const fault = await faultOf(open(uri, false));
      expect(fault.kind).toBe("invalid");
      expect(fault.message).toContain("read only by the command line");
    }
    const { tracker } = await open(stores.fake.url, false);
    expect((await tracker.getExperimentByName("fraud-detection")).name).toBe("fraud-detection");
  });

  it("refuses database URIs it does not read without repeating their credentials", async () => {
    const fault = await faultOf(open("postgresql://mlflow:s3cr3t-pw@db.internal:5432/mlflow"));
    expect(fault.message).toContain('scheme "postgresql"');
    expect(fault.message).not.toContain("s3cr3t-pw");
    expect((await faultOf(open("sqlite://"))).message).toContain("needs a database file");
    expect((await faultOf(open("sqlite:///:memory:"))).message).toContain("needs a database file");
    expect((await faultOf(open("sqlite:///mlflow.db?mode=ro"))).message).toContain("query parameters");
    expect((await faultOf(open("  "))).message).toBe("No MLflow tracking URI was given.");
  });

  it("passes http errors through the REST adapter's own checks", async () => {
    const fault = await faultOf(open("http://user:pw@127.0.0.1:1"));
    expect(fault.message).toContain("must not carry credentials");
    expect(fault.message).not.toContain("pw@");
  });
});
