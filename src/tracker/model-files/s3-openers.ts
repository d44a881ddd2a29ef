import { connectBoundDatasets, type DatasetAccess } from "../../datasets/s3/dataset-access.ts";
import type { ReadSecret } from "../../datasets/s3/dataset-source.ts";
import { createS3Client } from "../../datasets/s3/s3-client.ts";
import { s3DatasetSource } from "../../datasets/s3/s3-source.ts";
import type { ServerBinding } from "../../manifests/schemas/server-config.ts";
import { withinPrefix } from "../../manifests/within-prefix.ts";
import type { S3Opener } from "./s3-model-files.ts";

/**
 * S3 as the server may read a model's artifacts: through the binding's `s3` integration whose allowed
 * prefixes hold the URI (DESIGN.md §4); in embedded mode (no server configuration), the standard AWS
 * chain when the server has AWS credentials or an endpoint, as for Monitor data.
 */
export function boundS3Opener(
  binding: ServerBinding | null,
  env: Readonly<Record<string, string | undefined>>,
  readSecret: ReadSecret,
): S3Opener {
  return async (uri) => {
    if (binding === null) return connectBoundDatasets(null, "artifacts", env, readSecret);
    const name = Object.entries(binding.integrations ?? {}).find(
      ([, i]) => i.type === "s3" && (i.allowedPrefixes ?? []).some((p) => withinPrefix(uri, p)),
    )?.[0];
    if (name === undefined)
      return { unavailable: `no \`s3\` integration of the server binding allows ${uri}` };
    return connectBoundDatasets(binding, name, env, readSecret);
  };
}

/** S3 as the command line reads it: the standard AWS chain (and AWS_ENDPOINT_URL_S3), unrestricted. */
export function commandLineS3Opener(env: NodeJS.ProcessEnv, readSecret: ReadSecret): S3Opener {
  return async (): Promise<DatasetAccess> => {
    try {
      const connection = await createS3Client({ name: "s3", binding: {}, readSecret, env });
      return {
        source: s3DatasetSource(connection),
        allowlist: "unrestricted",
        close: () => connection.client.destroy(),
      };
    } catch (error) {
      return { unavailable: `S3 could not be set up (${error instanceof Error ? error.message : "error"})` };
    }
  };
}
