import { readFileSync } from "node:fs";
import { type ReportStore, s3ReportStore } from "../../src/datasets/s3/report-store.ts";
import { createS3Client } from "../../src/datasets/s3/s3-client.ts";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { bindingFor, validateServerConfig } from "../../src/manifests/validate-server-config.ts";
import {
  MAX_RUN_RECORD_BYTES,
  type MonitorRunRecord,
} from "../../src/workflows/monitors/monitor-run-record.ts";
import { type MonitorTarget, monitorTargets } from "../../src/workflows/monitors/monitor-targets.ts";
import { S3RVER_KEY } from "../datasets-s3/s3rver-harness.ts";
import { SERVER_CONFIG_EXAMPLE, templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

// The template repository bound as the example configuration binds it, plus `reports` in s3rver's
// bucket; run records as a monitor Job writes them.

export const REPOSITORY = "acme/ml-platform";
export const BUCKET = "acme-reports";
export const REPORTS = `s3://${BUCKET}/slipway/`;
export const STAGING_PREFIX = `${REPORTS}acme/ml-platform/staging/fraud-detection-drift/`;

/** The example configuration with `reports` in s3rver, resolved for the template repository. */
export function reportsBinding(endpoint: string): ServerBinding {
  const text = readFileSync(SERVER_CONFIG_EXAMPLE, "utf8").replace(
    "    integrations:\n",
    `    reports: { integration: reports, prefix: "${REPORTS}" }\n    integrations:\n      reports: { type: s3, endpoint: "${endpoint}", accessKeyId: { env: R_KEY }, secretAccessKey: { env: R_SECRET } }\n`,
  );
  const { config, diagnostics } = validateServerConfig("server-config.yaml", new TextEncoder().encode(text));
  if (!config) throw new Error(JSON.stringify(diagnostics));
  const binding = bindingFor(config, REPOSITORY);
  if (!binding) throw new Error("unbound");
  return binding;
}

export async function templateTargets(
  binding: ServerBinding,
  mutate?: (files: Record<string, string>) => void,
): Promise<MonitorTarget[]> {
  const files = await templateFiles();
  mutate?.(files);
  const { snapshot } = validateRepo(treeOf(files), { binding });
  return monitorTargets(REPOSITORY, snapshot, binding);
}

export async function reportStore(endpoint: string): Promise<{ store: ReportStore; close(): void }> {
  const connection = await createS3Client({
    name: "reports",
    binding: { endpoint, accessKeyId: { env: "K" }, secretAccessKey: { env: "S" } },
    readSecret: async () => S3RVER_KEY,
    env: {},
  });
  return { store: s3ReportStore(connection), close: () => connection.client.destroy() };
}

export const readLatestFrom = (store: ReportStore) => (target: MonitorTarget) =>
  store.get(`${target.prefix}latest.json`, MAX_RUN_RECORD_BYTES);

/** A record of the staging monitor at `runAt`: drifting columns when `drift`, else clean. */
export function record(
  runAt: string,
  drift: boolean,
  extra: Partial<MonitorRunRecord> = {},
): MonitorRunRecord {
  const stamp = runAt.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  return {
    kind: "slipway.dev/MonitorRun",
    version: 1,
    monitor: "fraud-detection-drift",
    environment: "staging",
    runAt,
    report: { json: `${STAGING_PREFIX}${stamp}.json`, html: `${STAGING_PREFIX}${stamp}.html` },
    status: { verdict: drift ? "fail" : "pass", drift, qualityFailed: false, classificationFailed: false },
    dataset: {
      drift,
      share: drift ? 0.75 : 0,
      driftedColumns: drift ? 3 : 0,
      totalColumns: 4,
      driftShare: 0.5,
    },
    columns: [
      { name: "avg_amount_30d", test: "ks", score: drift ? 1.2e-9 : 0.4, threshold: 0.05, drift },
      { name: "fraud_rate_90d", test: "wasserstein", score: drift ? 0.31 : 0.02, threshold: 0.15, drift },
      { name: "transaction_count_7d", test: "ks", score: drift ? 0.001 : 0.7, threshold: 0.05, drift },
      { name: "is_fraud", test: "z", score: 0.9, threshold: 0.05, drift: false },
    ],
    ...extra,
  };
}
