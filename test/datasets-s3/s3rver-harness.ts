import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { DatasetSource } from "../../src/datasets/s3/dataset-source.ts";
import { createS3Client, type S3Binding } from "../../src/datasets/s3/s3-client.ts";
import { s3DatasetSource } from "../../src/datasets/s3/s3-source.ts";

// A real S3-protocol server (s3rver) on 127.0.0.1, a port of its own and a fresh directory per test,
// recording every request it receives so tests can assert what was (not) read.

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  httpServer: { on(event: "request", listener: (req: IncomingMessage) => void): void };
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;

/** s3rver's only account. */
export const S3RVER_KEY = "S3RVER";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
}

export interface S3rverHarness {
  readonly endpoint: string;
  readonly bucket: string;
  /** Requests since the last `forget()` (seeding is forgotten). */
  readonly requests: RecordedRequest[];
  put(key: string, body: string | Uint8Array): Promise<void>;
  forget(): void;
  /** A datasets source as a binding would build it, with the given secrets behind env references. */
  source(secrets?: { key: string; secret: string }, binding?: Partial<S3Binding>): Promise<DatasetSource>;
  close(): Promise<void>;
}

export async function startS3rver(bucket = "lake"): Promise<S3rverHarness> {
  const directory = await mkdtemp(join(tmpdir(), "slipway-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const requests: RecordedRequest[] = [];
  server.httpServer.on("request", (req) =>
    requests.push({ method: req.method ?? "", path: decodeURIComponent(req.url ?? "") }),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const seeder = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  const clients: S3Client[] = [seeder];
  return {
    endpoint,
    bucket,
    requests,
    async put(key, body) {
      await seeder.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    forget() {
      requests.length = 0;
    },
    async source(secrets = { key: S3RVER_KEY, secret: S3RVER_KEY }, binding = {}) {
      const env = { DATALAKE_KEY: secrets.key, DATALAKE_SECRET: secrets.secret };
      const connection = await createS3Client({
        name: "datalake",
        binding: {
          endpoint,
          accessKeyId: { env: "DATALAKE_KEY" },
          secretAccessKey: { env: "DATALAKE_SECRET" },
          ...binding,
        },
        readSecret: async (ref) => {
          const value = "env" in ref ? env[ref.env as keyof typeof env] : undefined;
          if (value === undefined) throw new Error("unset");
          return value;
        },
        env: {},
      });
      clients.push(connection.client);
      return s3DatasetSource(connection);
    },
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
