import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { DatasetError } from "../dataset-error.ts";
import { DatasetFault, type DatasetSource, type ObjectPage, type OpenedObject } from "./dataset-source.ts";
import { limitedBody, type StreamBody } from "./limited-body.ts";
import type { S3Connection } from "./s3-client.ts";
import { s3Fault } from "./s3-fault.ts";
import { parseS3Uri, s3Uri } from "./s3-uri.ts";

// The datasets port on S3: ListObjectsV2 one page per call, GetObject streamed. Every rejection is a
// DatasetFault (the store) or a DatasetError (the data: too large), with the s3:// URI in the message.

/** Keys per ListObjectsV2 page: S3's maximum, and its default. */
const PAGE_SIZE = 1000;

function locate(uri: string) {
  const location = parseS3Uri(uri);
  if (!location) throw new DatasetFault("invalid", uri, "not an s3://bucket/key location");
  return location;
}

export function s3DatasetSource(
  connection: S3Connection,
  options: { pageSize?: number } = {},
): DatasetSource {
  const { client } = connection;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  return {
    async list(prefix: string, page?: string, startAfter?: string): Promise<ObjectPage> {
      const { bucket, key } = locate(prefix);
      const after = startAfter === undefined ? undefined : parseS3Uri(startAfter);
      try {
        const out = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: key,
            MaxKeys: pageSize,
            ...(page ? { ContinuationToken: page } : {}),
            ...(after && after.bucket === bucket && !page ? { StartAfter: after.key } : {}),
          }),
        );
        const objects = (out.Contents ?? []).flatMap((o) =>
          o.Key === undefined
            ? []
            : [
                {
                  uri: s3Uri(bucket, o.Key),
                  size: o.Size ?? 0,
                  ...(o.LastModified ? { modified: o.LastModified.getTime() } : {}),
                },
              ],
        );
        const next = out.IsTruncated ? out.NextContinuationToken : undefined;
        return next ? { objects, next } : { objects };
      } catch (error) {
        throw s3Fault(error, prefix, connection);
      }
    },

    async open(uri: string, maxBytes: number): Promise<OpenedObject> {
      const { bucket, key } = locate(uri);
      let body: StreamBody;
      let size: number | undefined;
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        body = out.Body as unknown as StreamBody;
        size = out.ContentLength;
      } catch (error) {
        throw s3Fault(error, uri, connection);
      }
      if (size !== undefined && size > maxBytes) {
        body.destroy?.();
        throw new DatasetError(uri, `object is ${size} bytes; the limit is ${maxBytes} bytes`);
      }
      return {
        size,
        body: limitedBody(body, uri, maxBytes, (error) => s3Fault(error, uri, connection)),
        cancel: () => body.destroy?.(),
      };
    },
  };
}
