import { mkdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { connectBoundTracker } from "../../src/tracker/connect-bound-tracker.ts";
import { modelFiles } from "../../src/tracker/model-files/route-model-files.ts";
import { boundS3Opener } from "../../src/tracker/model-files/s3-openers.ts";
import { S3RVER_KEY, type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { secretsFrom } from "../tracker/tracker-harness.ts";

const MLMODEL = "artifact_path: model\nsignature:\n  inputs: '[]'\n";

// Issue 15: an s3:// model's MLmodel through the S3 integration the server binds for its prefix, and,
// for the command line's local stores, a file:// or absolute artifact URI on disk.
describe("model files in S3, through the bound integration", () => {
  let s3: S3rverHarness;
  beforeAll(async () => {
    s3 = await startS3rver("ml-artifacts");
    await s3.put("models/1/m-7/artifacts/MLmodel", MLMODEL);
  });
  afterAll(() => s3.close());

  const binding = (allowedPrefixes: string[]): ServerBinding => ({
    repository: "acme/ml-platform",
    environments: {},
    integrations: {
      tracking: { type: "mlflow", trackingUri: "http://127.0.0.1:9" },
      artifacts: {
        type: "s3",
        endpoint: s3.endpoint,
        region: "us-east-1",
        allowedPrefixes,
        accessKeyId: { env: "ART_KEY" },
        secretAccessKey: { env: "ART_SECRET" },
      },
    },
  });
  const files = (allowed: string[]) =>
    modelFiles({
      s3: boundS3Opener(binding(allowed), {}, secretsFrom({ ART_KEY: S3RVER_KEY, ART_SECRET: S3RVER_KEY })),
    });

  it("reads the MLmodel below an allowed prefix", async () => {
    const read = await files(["s3://ml-artifacts/models/"]).read(
      "s3://ml-artifacts/models/1/m-7/artifacts",
      "MLmodel",
    );
    expect(read).toEqual({ kind: "file", text: MLMODEL });
  });

  it("says the file is missing when S3 has no such key", async () => {
    const read = await files(["s3://ml-artifacts/models/"]).read(
      "s3://ml-artifacts/models/1/m-8/artifacts",
      "MLmodel",
    );
    expect(read).toEqual({ kind: "missing", where: "s3://ml-artifacts/models/1/m-8/artifacts/MLmodel" });
  });

  it("reads nothing outside every bound integration's allowed prefixes", async () => {
    await s3.forget();
    const read = await files(["s3://ml-artifacts/other/"]).read(
      "s3://ml-artifacts/models/1/m-7/artifacts",
      "MLmodel",
    );
    expect(read).toEqual({
      kind: "unreadable",
      reason:
        "no `s3` integration of the server binding allows s3://ml-artifacts/models/1/m-7/artifacts/MLmodel",
    });
    expect(await s3.requests()).toEqual([]);
  });

  it("is what the server's bound tracker reads an s3:// model with", async () => {
    const connection = await connectBoundTracker(
      binding(["s3://ml-artifacts/models/"]),
      "tracking",
      { ART_KEY: S3RVER_KEY, ART_SECRET: S3RVER_KEY },
      secretsFrom({ ART_KEY: S3RVER_KEY, ART_SECRET: S3RVER_KEY }),
    );
    if (!("tracker" in connection) || !connection.modelFiles) throw new Error("no tracker");
    expect(await connection.modelFiles.read("s3://ml-artifacts/models/1/m-7/artifacts", "MLmodel")).toEqual({
      kind: "file",
      text: MLMODEL,
    });
  });

  it("refuses dot segments before any request", async () => {
    await s3.forget();
    const read = await files(["s3://ml-artifacts/"]).read("s3://ml-artifacts/models/../secrets", "MLmodel");
    expect(read.kind).toBe("unreadable");
    expect(await s3.requests()).toEqual([]);
  });
});

describe("model files on the local disk (command line)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "slipway-model-files-"));
    mkdirSync(join(dir, "model"));
    await writeFile(join(dir, "model", "MLmodel"), MLMODEL);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const local = modelFiles({ local: true });

  it("reads file:// URIs and absolute paths", async () => {
    expect(await local.read(pathToFileURL(join(dir, "model")).href, "MLmodel")).toEqual({
      kind: "file",
      text: MLMODEL,
    });
    expect(await local.read(join(dir, "model"), "MLmodel")).toEqual({ kind: "file", text: MLMODEL });
  });

  it("says a missing file is missing", async () => {
    expect((await local.read(join(dir, "nothing"), "MLmodel")).kind).toBe("missing");
  });

  it("refuses a file larger than an MLmodel can be, unread", async () => {
    mkdirSync(join(dir, "huge"));
    await writeFile(join(dir, "huge", "MLmodel"), Buffer.alloc(2 * 1024 * 1024, 0x61));
    const read = await local.read(join(dir, "huge"), "MLmodel");
    expect(read.kind === "unreadable" && read.reason).toContain("more than 1048576 read");
  });
});
