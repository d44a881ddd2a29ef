import type { PlatformSnapshot } from "../../src/manifests/snapshot.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import type { MonitorRunFacts } from "../../src/plan/retrain-trigger.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

export const PIPELINE_FILE = "pipelines/fraud-detection-retrain.yaml";
export const DRIFT_TRIGGER = "    - on: drift\n      monitor: fraud-detection-drift\n";

/** The template's default branch, with `edit` applied to its files first. */
export async function templateSnapshot(
  edit: (files: Record<string, string>) => void = () => undefined,
): Promise<PlatformSnapshot> {
  const files = await templateFiles();
  edit(files);
  const { snapshot } = validateRepo(treeOf(files));
  return snapshot;
}

/** The drift trigger of the template's Pipeline with these extra lines. */
export function withTrigger(lines: string): (files: Record<string, string>) => void {
  return (files) => {
    files[PIPELINE_FILE] = (files[PIPELINE_FILE] ?? "").replace(DRIFT_TRIGGER, `${DRIFT_TRIGGER}${lines}`);
  };
}

export function monitorRun(overrides: Partial<MonitorRunFacts> = {}): MonitorRunFacts {
  return {
    monitor: "fraud-detection-drift",
    environment: "production",
    runAt: "2026-12-07T06:00:00.000Z",
    status: { drift: true, qualityFailed: false, classificationFailed: false },
    columns: [
      { name: "avg_amount_30d", drift: true },
      { name: "fraud_rate_90d", drift: true },
      { name: "is_fraud", drift: false },
    ],
    report: "s3://reports/acme/ml-platform/production/fraud-detection-drift/20261207T060000Z.html",
    ...overrides,
  };
}
