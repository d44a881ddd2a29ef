import type { TempRepo } from "./temp-repo.ts";

/** The problems `breakTemplate` plants: file, line and code each must be reported at. */
export const PLANTED = [
  { file: "features/fraud-detection-v2.yaml", line: 11, code: "SLW103" },
  { file: "models/extra.yaml", line: 2, code: "SLW021" },
  { file: "models/fraud-detection.yaml", line: 17, code: "SLW102" },
  { file: "models/fraud-detection.yaml", line: 24, code: "SLW132" },
  { file: "monitors/fraud-detection-drift.yaml", line: 42, code: "SLW150" },
  { file: "pipelines/fraud-detection-retrain.yaml", line: 21, code: "SLW033" },
  { file: "pipelines/broken.yaml", line: 5, code: "SLW012" },
  { file: "platform/stack.yaml", line: 26, code: "SLW170" },
  { file: "platform/stack.yaml", line: 27, code: "SLW171" },
] as const;

export const PLANTED_SECRETS = ["changeme123", "s3cr3t-db-pass"];

/** Breaks a copy of the template in the ways a careless PR might. */
export function breakTemplate(repo: TempRepo): void {
  repo.edit("models/fraud-detection.yaml", "service: fraud_detection_v2", "service: fraud_detection_v3");
  repo.edit("pipelines/fraud-detection-retrain.yaml", "- on: schedule", "- on: scheduled");
  repo.edit("models/fraud-detection.yaml", "      min: 2\n", "      min: 12\n");
  repo.edit(
    "features/fraud-detection-v2.yaml",
    "merchant_stats:fraud_rate_90d",
    "merchant_stats:fraud_rate_60d",
  );
  repo.edit("monitors/fraud-detection-drift.yaml", 'schedule: "0 6 * * 1"', 'schedule: "0 25 * * 1"');
  repo.edit(
    "platform/stack.yaml",
    "            user: mlops\n",
    "            user: mlops\n            password: changeme123\n            uri: postgresql://mlops:s3cr3t-db-pass@db:5432/mlflow\n",
  );
  repo.write(
    "models/extra.yaml",
    "apiVersion: slipway.dev/v1alpha1\nkind: Modle\nmetadata: { name: extra }\nspec: {}\n",
  );
  repo.write(
    "pipelines/broken.yaml",
    "apiVersion: slipway.dev/v1alpha1\nkind: Pipeline\nmetadata:\n  name: broken\n\tspec: {}\n",
  );
}
