import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatasetError } from "../../src/datasets/dataset-error.ts";
import { DatasetFault } from "../../src/datasets/s3/dataset-source.ts";
import { type LoadOptions, loadDataset } from "../../src/datasets/s3/load-dataset.ts";
import type { DatasetLocation } from "../../src/datasets/s3/plan-listing.ts";
import { type S3rverHarness, startS3rver } from "./s3rver-harness.ts";

// Size, row and object-count limits, and missing or unreachable data: each a clear error naming the
// s3:// URI, raised before the data that would pass the limit is fetched where the sizes allow.

const NOW = new Date("2026-11-25T06:00:00Z");
const ALLOW = ["s3://lake/"];

let s3: S3rverHarness;
beforeEach(async () => {
  s3 = await startS3rver();
});
afterEach(async () => {
  await s3.close();
});

async function load(location: DatasetLocation, options: Partial<LoadOptions> = {}) {
  const source = await s3.source();
  await s3.forget();
  return loadDataset(source, location, { now: NOW, allowlist: ALLOW, format: "csv", ...options });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the read to fail");
}

async function seedParts(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await s3.put(`parts/p${i}.csv`, `x\n${i}\n${i + 10}\n`);
}

describe("limits", () => {
  it("refuses an object larger than the per-object limit from the size the store announces", async () => {
    await s3.put("ref/big.csv", `x\n${"1\n".repeat(50)}`);
    const error = await failure(load({ path: "s3://lake/ref/big.csv" }, { limits: { maxObjectBytes: 64 } }));
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.message).toBe("s3://lake/ref/big.csv: object is 102 bytes; the limit is 64 bytes");
  });

  it("refuses a prefix whose listed objects pass the total limit before any GET", async () => {
    await seedParts(3);
    const error = await failure(load({ prefix: "s3://lake/parts/" }, { limits: { maxTotalBytes: 20 } }));
    expect(error.message).toMatch(
      /^s3:\/\/lake\/parts\/: the 3 objects hold \d+ bytes; the limit is 20 bytes/,
    );
    expect((await s3.requests()).map((r) => r.method)).toEqual(["GET"]);
    expect((await s3.requests())[0]?.path).toContain("list-type=2");
  });

  it("stops at the row limit, naming the object and the line where it was passed", async () => {
    await seedParts(3);
    const error = await failure(load({ prefix: "s3://lake/parts/" }, { limits: { maxRows: 3 } }));
    expect(error.message).toBe(
      "s3://lake/parts/p1.csv:3:1: the dataset s3://lake/parts/ passes 3 rows here; read it with a sample or raise the row limit",
    );
    // The third object was never fetched.
    expect((await s3.requests()).some((r) => r.path.includes("p2.csv"))).toBe(false);
  });

  it("caps the number of objects a dataset may have", async () => {
    await seedParts(3);
    const error = await failure(load({ prefix: "s3://lake/parts/" }, { limits: { maxObjects: 2 } }));
    expect(error.message).toBe(
      "s3://lake/parts/: more than 2 objects to read; narrow the window or raise the object limit",
    );
  });
});

describe("missing and inconsistent data", () => {
  it("a missing object is a not-found fault naming its URI", async () => {
    const error = await failure(load({ path: "s3://lake/ref/nope.csv" }));
    expect(error).toBeInstanceOf(DatasetFault);
    expect((error as DatasetFault).kind).toBe("not-found");
    expect(error.message).toBe("s3://lake/ref/nope.csv: no such object (NoSuchKey, HTTP 404)");
  });

  it("a missing bucket is a not-found fault", async () => {
    const error = await failure(load({ path: "s3://other/ref/x.csv" }, { allowlist: ["s3://other/"] }));
    expect(error.message).toBe("s3://other/ref/x.csv: no such bucket (NoSuchBucket, HTTP 404)");
  });

  it("an empty window is a clear error, not an empty dataset", async () => {
    const error = await failure(
      load(
        { prefix: "s3://lake/scored/", partition: "dt={date}", window: { last: "2d" } },
        { format: "jsonl" },
      ),
    );
    expect(error.message).toBe(
      "s3://lake/scored/: no objects in the window dt=2026-11-23 … dt=2026-11-24 (2 partitions before 2026-11-25T06:00:00Z)",
    );
  });

  it("CSV objects with different headers are refused, naming both", async () => {
    await s3.put("mixed/a.csv", "x,y\n1,2\n");
    await s3.put("mixed/b.csv", "y,x\n2,1\n");
    const error = await failure(load({ prefix: "s3://lake/mixed/" }));
    expect(error.message).toBe(
      "s3://lake/mixed/b.csv:1:1: the header differs from the one in s3://lake/mixed/a.csv; every object of a dataset needs the same columns in the same order",
    );
  });

  it("an unreachable endpoint is a fault naming the host, after the SDK's retries", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const address = server.address() as { port: number };
        server.close(() => resolve(address.port));
      });
    });
    const source = await s3.source(undefined, { endpoint: `http://127.0.0.1:${port}` });
    const error = await failure(
      loadDataset(source, { path: "s3://lake/ref/x.csv" }, { now: NOW, allowlist: ALLOW, format: "csv" }),
    );
    expect(error).toBeInstanceOf(DatasetFault);
    expect((error as DatasetFault).kind).toBe("unreachable");
    expect(error.message).toBe(
      `s3://lake/ref/x.csv: cannot reach the S3 endpoint 127.0.0.1:${port} (ECONNREFUSED)`,
    );
  });
});
