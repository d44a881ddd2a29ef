import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatasetFault } from "../../src/datasets/s3/dataset-source.ts";
import { loadDataset } from "../../src/datasets/s3/load-dataset.ts";
import { createS3Client } from "../../src/datasets/s3/s3-client.ts";
import { S3RVER_KEY, type S3rverHarness, startS3rver } from "./s3rver-harness.ts";

// Credentials never reach a message: not the secret, not the access key id (S3's own error bodies
// repeat it), not a password mistakenly written into an endpoint URL.

const NOW = new Date("2026-11-25T06:00:00Z");
const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

let s3: S3rverHarness;
beforeEach(async () => {
  s3 = await startS3rver();
  await s3.put("ref/x.csv", "a\n1\n");
});
afterEach(async () => {
  await s3.close();
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

function expectNoSecrets(error: Error, ...secrets: string[]) {
  const everything = `${error.message}\n${error.stack}\n${inspect(error, { depth: 5 })}\n${JSON.stringify(error)}`;
  for (const secret of secrets) expect(everything).not.toContain(secret);
}

describe("credentials in errors", () => {
  it("a signature mismatch is an auth fault that repeats nothing of S3's error body", async () => {
    // s3rver does not verify SigV4 signatures, so a server answering as S3 does to a wrong secret:
    // 403 with the access key id and the string to sign in the body.
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(403, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message><AWSAccessKeyId>${KEY_ID}</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256 ${SECRET}</StringToSign><RequestId>1</RequestId></Error>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const source = await s3.source(
        { key: KEY_ID, secret: SECRET },
        { endpoint: `http://127.0.0.1:${port}` },
      );
      const error = await failure(
        loadDataset(
          source,
          { path: "s3://lake/ref/x.csv" },
          { now: NOW, allowlist: ["s3://lake/"], format: "csv" },
        ),
      );
      expect(error).toBeInstanceOf(DatasetFault);
      expect((error as DatasetFault).kind).toBe("auth");
      expect(error.message).toBe(
        "s3://lake/ref/x.csv: the store rejected the request signature (wrong secret access key?) (SignatureDoesNotMatch, HTTP 403)",
      );
      expectNoSecrets(error, SECRET, KEY_ID);
    } finally {
      server.close();
    }
  });

  it("an unknown access key id is an auth fault that does not repeat it", async () => {
    const source = await s3.source({ key: KEY_ID, secret: SECRET });
    const error = await failure(
      loadDataset(
        source,
        { prefix: "s3://lake/ref/" },
        { now: NOW, allowlist: ["s3://lake/"], format: "csv" },
      ),
    );
    expect(error.message).toBe(
      "s3://lake/ref/: the store does not know the access key id (InvalidAccessKeyId, HTTP 403)",
    );
    expectNoSecrets(error, SECRET, KEY_ID);
  });

  it("an unreadable credential reference names the reference, not a value", async () => {
    const error = await failure(
      createS3Client({
        name: "datalake",
        binding: {
          endpoint: s3.endpoint,
          accessKeyId: { env: "KEY" },
          secretAccessKey: { file: "/run/secret" },
        },
        readSecret: async (ref) => {
          if ("env" in ref) return KEY_ID;
          throw new Error(`cannot open ${ref.file}: ${SECRET}`);
        },
        env: {},
      }),
    );
    expect(error.message).toBe(
      "S3 integration datalake: the secret access key could not be read from a mounted credential file",
    );
    expectNoSecrets(error, SECRET, KEY_ID);
  });

  it("half a key pair is refused rather than falling back to other credentials", async () => {
    const error = await failure(
      createS3Client({
        name: "datalake",
        binding: { accessKeyId: { env: "KEY" } },
        readSecret: async () => KEY_ID,
        env: {},
      }),
    );
    expect(error.message).toContain("needs both accessKeyId and secretAccessKey, or neither");
  });

  it("an endpoint carrying user:password is refused without repeating it", async () => {
    const error = await failure(
      createS3Client({
        name: "datalake",
        binding: { endpoint: `http://minio:${encodeURIComponent(SECRET)}@127.0.0.1:9000` },
        readSecret: async () => "",
        env: {},
      }),
    );
    expect(error.message).toBe(
      "S3 integration datalake: the endpoint carries credentials; bind them as accessKeyId and secretAccessKey references",
    );
    expectNoSecrets(error, SECRET, encodeURIComponent(SECRET));
  });

  it("takes the endpoint from AWS_ENDPOINT_URL_S3 when the binding has none", async () => {
    const connection = await createS3Client({
      name: "datalake",
      binding: { accessKeyId: { env: "K" }, secretAccessKey: { env: "S" } },
      readSecret: async () => S3RVER_KEY,
      env: { AWS_ENDPOINT_URL_S3: s3.endpoint },
    });
    try {
      expect(connection.endpointHost).toBe(new URL(s3.endpoint).host);
      const { s3DatasetSource } = await import("../../src/datasets/s3/s3-source.ts");
      const loaded = await loadDataset(
        s3DatasetSource(connection),
        { path: "s3://lake/ref/x.csv" },
        { now: NOW, allowlist: ["s3://lake/"], format: "csv" },
      );
      expect(loaded.kind === "data" && loaded.read.rows).toBe(1);
    } finally {
      connection.client.destroy();
    }
  });
});
