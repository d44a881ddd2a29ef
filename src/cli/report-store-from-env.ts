import { type ReportStore, s3ReportStore } from "../datasets/s3/report-store.ts";
import { createS3Client } from "../datasets/s3/s3-client.ts";
import { REPORT_ENV_PREFIX } from "../render/render-monitor.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";

/**
 * The store a monitor Job writes its reports with. The rendered CronJob passes the reports
 * integration's Secret with every key prefixed (`SLIPWAY_REPORT_AWS_ACCESS_KEY_ID`, …) so it cannot
 * replace the datasets' credentials; without those keys the standard AWS chain is used, as for data.
 */
export async function reportStoreFromEnv(
  env: NodeJS.ProcessEnv,
): Promise<{ store: ReportStore; close(): void }> {
  const own = (name: string) => env[`${REPORT_ENV_PREFIX}${name}`];
  const keyed = own("AWS_ACCESS_KEY_ID") !== undefined;
  const endpoint = own("AWS_ENDPOINT_URL_S3");
  const region = own("AWS_REGION") ?? own("AWS_DEFAULT_REGION");
  const connection = await createS3Client({
    name: "reports",
    binding: {
      ...(endpoint ? { endpoint } : {}),
      ...(region ? { region } : {}),
      ...(keyed
        ? {
            accessKeyId: { env: `${REPORT_ENV_PREFIX}AWS_ACCESS_KEY_ID` },
            secretAccessKey: { env: `${REPORT_ENV_PREFIX}AWS_SECRET_ACCESS_KEY` },
          }
        : {}),
    },
    readSecret: nodeSecretReader(env),
    env,
  });
  return { store: s3ReportStore(connection), close: () => connection.client.destroy() };
}
