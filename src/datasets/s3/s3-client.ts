import { S3Client } from "@aws-sdk/client-s3";
import type { IntegrationBinding } from "../../manifests/schemas/server-config.ts";
import { type CredentialRef, DatasetFault, type ReadSecret } from "./dataset-source.ts";

// An S3 client for one `s3` integration of the server binding. Credentials come from the binding's
// references (read through the injected `readSecret`) or, when it names none, from the AWS SDK's
// standard chain (environment, shared config, SSO, container and instance roles). An endpoint (the
// binding's, else AWS_ENDPOINT_URL_S3) means an S3-compatible store — MinIO, Ceph, s3rver — which is
// addressed path-style.

export type S3Binding = Pick<IntegrationBinding, "endpoint" | "region" | "accessKeyId" | "secretAccessKey">;

export interface S3ClientOptions {
  /** The integration's name, for messages. */
  readonly name: string;
  readonly binding: S3Binding;
  readonly readSecret: ReadSecret;
  /** Where AWS_ENDPOINT_URL_S3 and AWS_REGION are read (default: the process environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Socket idle limit per request (default 60 s); the SDK retries transient failures 3 times. */
  readonly requestTimeoutMs?: number;
}

export interface S3Connection {
  readonly client: S3Client;
  /** Secret values in use, so any text shown to a user can be cleared of them. */
  readonly secrets: readonly string[];
  /** `host[:port]` of a custom endpoint, for messages. */
  readonly endpointHost: string | undefined;
}

function describeRef(ref: CredentialRef): string {
  return "env" in ref ? `environment variable ${ref.env}` : "a mounted credential file";
}

async function readCredential(options: S3ClientOptions, ref: CredentialRef, what: string): Promise<string> {
  const label = `S3 integration ${options.name}`;
  let value: string;
  try {
    value = await options.readSecret(ref);
  } catch {
    throw new DatasetFault("auth", label, `the ${what} could not be read from ${describeRef(ref)}`);
  }
  // Mounted Secret files usually end with a newline that is not part of the credential.
  const trimmed = value.replace(/[\r\n]+$/, "");
  if (trimmed === "") throw new DatasetFault("auth", label, `the ${what} in ${describeRef(ref)} is empty`);
  return trimmed;
}

function parseEndpoint(name: string, endpoint: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  // Never echo the endpoint: a mistyped one may carry user:password.
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw new DatasetFault("invalid", `S3 integration ${name}`, "the endpoint is not an http(s) URL");
  if (url.username || url.password)
    throw new DatasetFault(
      "invalid",
      `S3 integration ${name}`,
      "the endpoint carries credentials; bind them as accessKeyId and secretAccessKey references",
    );
  return url;
}

export async function createS3Client(options: S3ClientOptions): Promise<S3Connection> {
  const { binding, name } = options;
  const env = options.env ?? process.env;
  const { accessKeyId, secretAccessKey } = binding;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new DatasetFault(
      "auth",
      `S3 integration ${name}`,
      "the binding needs both accessKeyId and secretAccessKey, or neither (the standard AWS chain)",
    );
  let credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  if (accessKeyId && secretAccessKey) {
    credentials = {
      accessKeyId: await readCredential(options, accessKeyId, "access key id"),
      secretAccessKey: await readCredential(options, secretAccessKey, "secret access key"),
    };
  }
  const endpointText = binding.endpoint ?? env.AWS_ENDPOINT_URL_S3;
  const endpoint = endpointText ? parseEndpoint(name, endpointText) : undefined;
  const region =
    binding.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (endpoint ? "us-east-1" : undefined);
  const client = new S3Client({
    ...(region ? { region } : {}),
    ...(credentials ? { credentials } : {}),
    ...(endpoint ? { endpoint: endpoint.href, forcePathStyle: true } : {}),
    // Without this the SDK frames uploads in aws-chunked encoding that S3-compatible stores may store
    // verbatim, and adds CRC headers some of them reject.
    requestChecksumCalculation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: 10_000, requestTimeout: options.requestTimeoutMs ?? 60_000 },
  });
  return {
    client,
    secrets: credentials ? [credentials.secretAccessKey, credentials.accessKeyId] : [],
    endpointHost: endpoint?.host,
  };
}
