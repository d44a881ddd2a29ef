import type { ServerBinding } from "../../manifests/schemas/server-config.ts";
import { type DatasetSource, isDatasetFault, type ReadSecret } from "./dataset-source.ts";
import type { Allowlist } from "./plan-listing.ts";
import { createS3Client } from "./s3-client.ts";
import { s3DatasetSource } from "./s3-source.ts";

// The datasets a repository's Monitors may read on pull-request events (DESIGN.md §4): only the S3
// integration the server binds under the Monitor's integration name, only below its allowed prefixes,
// never local paths. In embedded mode (no server configuration) S3 is read through the standard AWS
// chain when the server's environment names credentials or an endpoint; the credentials' own policy
// bounds what is readable then, and local paths are still never read.

/** A datasets integration opened for reading, with what it may read; or why not, in reviewer words. */
export type DatasetAccess =
  | { readonly source: DatasetSource; readonly allowlist: Allowlist; close(): void }
  | { readonly unavailable: string };

/** Any of these in the server's environment means the operator gave it S3 access (embedded mode). */
const AWS_SIGNS = [
  "AWS_ENDPOINT_URL_S3",
  "AWS_ACCESS_KEY_ID",
  "AWS_PROFILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

/** Every s3:// location, and nothing else: what embedded mode allows. */
export const ANY_S3: Allowlist = ["s3://"];

/** Opens the bound datasets integration named `integration`. Never throws. */
export async function connectBoundDatasets(
  binding: ServerBinding | null,
  integration: string,
  env: Readonly<Record<string, string | undefined>>,
  readSecret: ReadSecret,
): Promise<DatasetAccess> {
  if (binding === null) {
    if (!AWS_SIGNS.some((name) => env[name]))
      return {
        unavailable:
          "no S3 is configured for this server (bind an `s3` integration in the server configuration, or give the server AWS credentials or AWS_ENDPOINT_URL_S3)",
      };
    return open(integration, {}, ANY_S3, env, readSecret);
  }
  const bound = binding.integrations?.[integration];
  if (bound?.type !== "s3")
    return {
      unavailable: `the server binds no \`s3\` integration named "${integration}" for this repository`,
    };
  return open(integration, bound, bound.allowedPrefixes ?? [], env, readSecret);
}

async function open(
  name: string,
  binding: Parameters<typeof createS3Client>[0]["binding"],
  allowlist: Allowlist,
  env: Readonly<Record<string, string | undefined>>,
  readSecret: ReadSecret,
): Promise<DatasetAccess> {
  try {
    const connection = await createS3Client({ name, binding, readSecret, env });
    return {
      source: s3DatasetSource(connection),
      allowlist,
      close: () => connection.client.destroy(),
    };
  } catch (error) {
    // createS3Client's faults name the integration and the problem, never a credential or the endpoint.
    const why = isDatasetFault(error) ? error.message : `S3 integration ${name} could not be set up`;
    return { unavailable: `${why}; fix the server configuration` };
  }
}
