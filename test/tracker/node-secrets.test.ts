import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMlflowTracker } from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import { nodeSecretReader } from "../../src/tracker/node-secrets.ts";
import { type FakeMlflow, startFakeMlflow } from "../fakes/mlflow/fake.ts";
import { faultOf } from "./tracker-harness.ts";

describe("reading a binding's credentials from the process", () => {
  let dir: string;
  let fake: FakeMlflow;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "slipway-secrets-"));
    fake = await startFakeMlflow({ auth: { username: "admin", password: "password1234" } });
  });
  afterEach(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads { env } from the given environment and { file } from a mounted Secret", async () => {
    await writeFile(join(dir, "password"), "password1234\n");
    const read = nodeSecretReader({ MLFLOW_TRACKING_USERNAME: "admin" });
    const tracker = await connectMlflowTracker(
      {
        trackingUri: fake.url,
        username: { env: "MLFLOW_TRACKING_USERNAME" },
        password: { file: join(dir, "password") },
      },
      read,
    );
    expect((await tracker.getExperimentByName("Default")).experiment_id).toBe("0");
  });

  it("turns an unset variable or a missing file into an auth fault naming only the reference", async () => {
    const read = nodeSecretReader({});
    const unset = await faultOf(
      connectMlflowTracker({ trackingUri: fake.url, token: { env: "MLFLOW_TRACKING_TOKEN" } }, read),
    );
    expect(unset.kind).toBe("auth");
    expect(unset.message).toContain("MLFLOW_TRACKING_TOKEN");
    const missing = await faultOf(
      connectMlflowTracker({ trackingUri: fake.url, token: { file: join(dir, "nope") } }, read),
    );
    expect(missing.kind).toBe("auth");
    expect(missing.message).toContain("mounted credential file");
  });
});

describe("the MLflow adapter's own files", () => {
  it("read neither process.env nor the disk (credentials come through readSecret)", async () => {
    const root = join(import.meta.dirname, "../../src/tracker");
    const files = [
      ...(await readdir(join(root, "mlflow-rest"))).map((f) => join(root, "mlflow-rest", f)),
      join(root, "tracker-port.ts"),
      join(root, "tracker-types.ts"),
      join(root, "tracker-fault.ts"),
    ];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = await readFile(file, "utf8");
      expect(text, file).not.toMatch(/process\.env|from "node:fs|from "fs/);
    }
  });
});
