import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { DatasetSource } from "../../src/datasets/s3/dataset-source.ts";
import { createS3Client, type S3Binding } from "../../src/datasets/s3/s3-client.ts";
import { s3DatasetSource } from "../../src/datasets/s3/s3-source.ts";

// A real S3-protocol server (s3rver, in a child process: see s3rver-child.ts) on 127.0.0.1, a port of
// its own and a fresh directory per test, recording every request it receives so tests can assert
// what was (not) read.

/** s3rver's only account. */
export const S3RVER_KEY = "S3RVER";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
}

export interface S3rverHarness {
  readonly endpoint: string;
  readonly bucket: string;
  /** Requests since the last `forget()`, in arrival order. */
  requests(): Promise<RecordedRequest[]>;
  forget(): Promise<void>;
  put(key: string, body: string | Uint8Array): Promise<void>;
  /** A datasets source as a binding would build it, with the given secrets behind env references. */
  source(
    secrets?: { key: string; secret: string },
    binding?: Partial<S3Binding>,
    pageSize?: number,
  ): Promise<DatasetSource>;
  close(): Promise<void>;
}

function control(child: ChildProcess) {
  let nextId = 1;
  const waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  child.on("message", (reply: { id?: number }) => {
    if (reply.id === undefined) return;
    waiting.get(reply.id)?.(reply as Record<string, unknown>);
    waiting.delete(reply.id);
  });
  return (command: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, command });
    });
}

export async function startS3rver(bucket = "lake"): Promise<S3rverHarness> {
  const directory = await mkdtemp(join(tmpdir(), "slipway-s3rver-"));
  const child = fork(fileURLToPath(new URL("./s3rver-child.ts", import.meta.url)), [directory, bucket], {
    execArgv: ["--openssl-legacy-provider"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  const call = control(child);
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
    requests: async () => (await call("requests")).requests as RecordedRequest[],
    forget: async () => {
      await call("forget");
    },
    async put(key, body) {
      const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
      await seeder.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.byteLength }),
      );
    },
    async source(secrets = { key: S3RVER_KEY, secret: S3RVER_KEY }, binding = {}, pageSize = undefined) {
      const env: Record<string, string> = { DATALAKE_KEY: secrets.key, DATALAKE_SECRET: secrets.secret };
      const connection = await createS3Client({
        name: "datalake",
        binding: {
          endpoint,
          accessKeyId: { env: "DATALAKE_KEY" },
          secretAccessKey: { env: "DATALAKE_SECRET" },
          ...binding,
        },
        readSecret: async (ref) => {
          const value = "env" in ref ? env[ref.env] : undefined;
          if (value === undefined) throw new Error("unset");
          return value;
        },
        env: {},
      });
      clients.push(connection.client);
      return s3DatasetSource(connection, pageSize ? { pageSize } : {});
    },
    async close() {
      for (const client of clients) client.destroy();
      await call("close");
      await rm(directory, { recursive: true, force: true });
    },
  };
}
