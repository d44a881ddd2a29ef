import { PutObjectCommand } from "@aws-sdk/client-s3";
import { DatasetError } from "../dataset-error.ts";
import { DatasetFault } from "./dataset-source.ts";
import type { S3Connection } from "./s3-client.ts";
import { s3Fault } from "./s3-fault.ts";
import { s3DatasetSource } from "./s3-source.ts";
import { parseS3Uri } from "./s3-uri.ts";

// Monitor reports on S3 (issue #10): the monitor Job writes each run's JSON and HTML and then
// `latest.json`; the server reads `latest.json` back. Faults are DatasetFaults whose messages name the
// URI and the store's error code, never a credential (`s3-fault.ts`).

export interface ReportStore {
  put(uri: string, body: string, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is no such object; larger than `maxBytes` is a DatasetError. */
  get(uri: string, maxBytes: number): Promise<Uint8Array | null>;
}

export function s3ReportStore(connection: S3Connection): ReportStore {
  const source = s3DatasetSource(connection);
  return {
    async put(uri, body, contentType) {
      const location = parseS3Uri(uri);
      if (!location || location.key === "")
        throw new DatasetFault("invalid", uri, "not an s3://bucket/key URI");
      const bytes = Buffer.from(body, "utf8");
      try {
        await connection.client.send(
          new PutObjectCommand({
            Bucket: location.bucket,
            Key: location.key,
            Body: bytes,
            ContentLength: bytes.byteLength,
            ContentType: contentType,
          }),
        );
      } catch (error) {
        throw s3Fault(error, uri, connection);
      }
    },
    async get(uri, maxBytes) {
      let opened: Awaited<ReturnType<typeof source.open>>;
      try {
        opened = await source.open(uri, maxBytes);
      } catch (error) {
        if (error instanceof DatasetFault && error.kind === "not-found") return null;
        throw error;
      }
      const chunks: Uint8Array[] = [];
      for await (const chunk of opened.body) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
  };
}

/** True for a report that is too large or otherwise unreadable as stored (not a store fault). */
export function isReportReadError(error: unknown): boolean {
  return error instanceof DatasetError;
}
