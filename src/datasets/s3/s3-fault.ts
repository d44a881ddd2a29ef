import { redactCredentials } from "../../redaction/redact-credentials.ts";
import { DatasetError } from "../dataset-error.ts";
import { DatasetFault, type DatasetFaultKind } from "./dataset-source.ts";

// AWS SDK errors as DatasetFaults. The message is built from the error's name and HTTP status only:
// S3 error bodies can repeat request details (SignatureDoesNotMatch returns the access key id and the
// string to sign), so nothing the store wrote is shown. Known secrets are cleared anyway.

const BY_NAME: Readonly<Record<string, [DatasetFaultKind, string]>> = {
  NoSuchKey: ["not-found", "no such object"],
  NotFound: ["not-found", "no such object"],
  NoSuchBucket: ["not-found", "no such bucket"],
  AccessDenied: ["access-denied", "access denied by the store"],
  Forbidden: ["access-denied", "access denied by the store"],
  InvalidAccessKeyId: ["auth", "the store does not know the access key id"],
  SignatureDoesNotMatch: ["auth", "the store rejected the request signature (wrong secret access key?)"],
  ExpiredToken: ["auth", "the credentials have expired"],
  CredentialsProviderError: ["auth", "no AWS credentials found in the standard chain"],
  TimeoutError: ["timeout", "the request timed out"],
  RequestTimeout: ["timeout", "the request timed out"],
  SlowDown: ["server", "the store asked to slow down (throttled) after retries"],
};

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EPIPE",
]);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

export function s3Fault(
  error: unknown,
  uri: string,
  context: { secrets: readonly string[]; endpointHost: string | undefined },
): DatasetFault | DatasetError {
  if (error instanceof DatasetFault || error instanceof DatasetError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  const name = typeof e.name === "string" && /^[A-Za-z0-9]{1,64}$/.test(e.name) ? e.name : "Error";
  const code = typeof e.code === "string" ? e.code : "";
  const status = e.$metadata?.httpStatusCode;
  const where = context.endpointHost ? `the S3 endpoint ${context.endpointHost}` : "S3";
  const make = (kind: DatasetFaultKind, detail: string) =>
    new DatasetFault(kind, uri, redactCredentials(detail, context.secrets));
  const known = BY_NAME[name];
  if (known) return make(known[0], `${known[1]} (${name}${status ? `, HTTP ${status}` : ""})`);
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name))
    return make("unreachable", `cannot reach ${where} (${code || name})`);
  if (typeof e.message === "string" && /region is missing/i.test(e.message))
    return make("invalid", "no AWS region configured: set the binding's region or AWS_REGION");
  if (status === 404) return make("not-found", `not found (${name}, HTTP 404)`);
  if (status === 401 || status === 403)
    return make("access-denied", `access denied by the store (${name}, HTTP ${status})`);
  if (status !== undefined) return make("server", `the store answered HTTP ${status} (${name})`);
  return make("unreachable", `the request to ${where} failed (${name}${code ? ` ${code}` : ""})`);
}
