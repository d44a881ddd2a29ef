// `s3://bucket/key` locations, parsed without a URL parser: S3 keys are opaque text (a URL parser
// would decode `%2F`, drop `#…` and resolve `..`), so the key is everything after the bucket's slash.

export interface S3Location {
  readonly bucket: string;
  /** The object key or key prefix, possibly empty (the whole bucket). */
  readonly key: string;
}

/** S3's bucket naming rules (general purpose buckets): 3–63 of a-z, 0-9, '.', '-'. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The bucket and key of an `s3://` URI, or undefined when it is not one. */
export function parseS3Uri(uri: string): S3Location | undefined {
  if (!uri.startsWith("s3://")) return undefined;
  const rest = uri.slice("s3://".length);
  const slash = rest.indexOf("/");
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (!BUCKET.test(bucket)) return undefined;
  return { bucket, key: slash < 0 ? "" : rest.slice(slash + 1) };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
