import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { compareRuns } from "../../src/experiments/compare.ts";
import type { Comparison, RunSummary } from "../../src/experiments/types.ts";
import type { ModelManifest } from "../../src/manifests/schemas/model.ts";

// The seed scenario of issue 4: a fraud-detection candidate against the version production serves,
// with the gates exactly as the platform template declares them (read from the file, so the test
// follows the template).
const template = new URL("../../platform-repo-template/models/fraud-detection.yaml", import.meta.url);
export const fraudGates = (parse(readFileSync(template, "utf8")) as ModelManifest).spec.promotion.gates ?? [];

// A retrain, as the template's pipeline does it: fresh training data, the same held-out evaluation set.
const holdout = { name: "holdout-2026-q3", digest: "1e2f3a4b", context: "evaluation", rows: 50_000 };

export const production: RunSummary = {
  runId: "8c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5",
  experiment: "12",
  metrics: { precision: 0.8531, recall: 0.7712, f1: 0.8101, roc_auc: 0.9512, log_loss: 0.1304 },
  params: { learning_rate: "0.05", num_leaves: "63", n_estimators: "800", feature_fraction: "0.8" },
  inputs: [
    { name: "transactions-2026-10", digest: "5b1c7e0d", context: "training", rows: 1_180_002 },
    holdout,
  ],
};

export const candidate: RunSummary = {
  runId: "3f2a9c41d8e04b6f9a7c2e51b0d4f813",
  experiment: "12",
  metrics: { precision: 0.8702, recall: 0.7655, f1: 0.8145, roc_auc: 0.9538, log_loss: 0.1271 },
  params: { learning_rate: "0.03", num_leaves: "127", n_estimators: "800", min_child_samples: "40" },
  inputs: [
    { name: "transactions-2026-11", digest: "9f3a2c71", context: "training", rows: 1_204_331 },
    holdout,
  ],
};

/** A second held-out set: a candidate evaluated on it cannot be compared with production. */
export const otherHoldout = {
  name: "holdout-2026-q4",
  digest: "77aa01bc",
  context: "evaluation",
  rows: 48_000,
};

/** A run's training inputs alone. */
export function trainingOf(run: RunSummary) {
  return run.inputs.filter((i) => i.context === "training");
}

export function seedComparison(overrides: Partial<RunSummary> = {}): Comparison {
  return compareRuns({
    candidate: { ...candidate, ...overrides },
    baseline: production,
    gates: fraudGates,
    baselineSource: "deploy-record",
  });
}
