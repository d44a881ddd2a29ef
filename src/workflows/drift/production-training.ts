import type { DataVersion } from "../../experiments/data-version.ts";
import type { ProductionRun } from "../../experiments/reference-lineage.ts";
import type { Manifest } from "../../manifests/snapshot.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import { orNull } from "../evidence/resolve-version.ts";
import { runSummary } from "../evidence/run-summary.ts";

// The versioned data the production model was trained on: the version production serves (the last
// deploy's, else the default branch's `spec.registry.version`), its run through the registry (or the
// MLflow 3 logged model's source run), and the training inputs of that run that name a Delta table
// version or a DVC content hash. Faults propagate; the caller words them.

export interface ProductionTraining {
  readonly production: ProductionRun;
  readonly trained: readonly DataVersion[];
}

const TRAINING = new Set(["training", "train"]);

export async function productionTraining(
  tracker: Tracker,
  model: Manifest<"Model">,
  deployedVersion: string | null,
): Promise<ProductionTraining | null> {
  const registry = model.value.spec.registry;
  const version = deployedVersion ?? String(registry.version);
  const found = await orNull(tracker.getModelVersion(registry.name, version));
  let runId = found?.run_id || null;
  if (!runId && found?.model_id)
    runId = (await orNull(tracker.getLoggedModel(found.model_id)))?.source_run_id ?? null;
  if (!runId && deployedVersion === null) runId = model.value.spec.evidence?.runId ?? null;
  if (!runId) return null;
  const summary = runSummary(await tracker.getRun(runId));
  // Training inputs first; a run that tagged nothing logged its data untagged.
  const tagged = summary.inputs.filter(
    (i) => i.context !== null && TRAINING.has(i.context.trim().toLowerCase()),
  );
  const inputs = tagged.length > 0 ? tagged : summary.inputs.filter((i) => i.context === null);
  return {
    production: { model: model.name, version, runId },
    trained: inputs.flatMap((i) => (i.version ? [i.version] : [])),
  };
}
