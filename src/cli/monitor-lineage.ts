import { printable } from "../experiments/dataset-words.ts";
import { type ReferenceLineage, referenceLineage } from "../experiments/reference-lineage.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { readDirectory } from "../repo/read-directory.ts";
import { referenceLineageLine } from "../report/reference-lineage-line.ts";
import { mlflowEnvCredentials } from "../tracker/connect-bound-tracker.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import { openTracker } from "../tracker/open-tracker.ts";
import { isTrackerFault } from "../tracker/tracker-fault.ts";
import { productionTraining } from "../workflows/drift/production-training.ts";
import type { MonitorRun } from "../workflows/drift/run-monitor.ts";

// `slipway drift --monitor` with MLflow at hand ($MLFLOW_TRACKING_URI or --tracking-uri): whether the
// Monitor's versioned reference is what the Model, as the directory declares it, was trained on —
// the line the pull request's drift section shows. Without MLflow nothing is said.

export async function cliReferenceLineage(
  run: MonitorRun,
  dir: string,
  trackingUri: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<ReferenceLineage | { unavailable: string } | null> {
  const reference = run.kind === "report" ? run.report.reference.version : undefined;
  if (reference === undefined || !trackingUri) return null;
  const snapshot = validateRepo(await readDirectory(dir)).snapshot;
  const model = snapshot.manifests.Model.get(run.monitor.value.spec.model);
  if (!model) return null;
  let opened: Awaited<ReturnType<typeof openTracker>> | undefined;
  try {
    opened = await openTracker(trackingUri, {
      allowLocal: true,
      cwd: dir,
      credentials: mlflowEnvCredentials(env),
      readSecret: nodeSecretReader(env),
    });
    const training = await productionTraining(opened.tracker, model, null);
    return training ? referenceLineage(reference, training.trained, training.production) : null;
  } catch (error) {
    return { unavailable: isTrackerFault(error) ? error.message : "MLflow could not be read" };
  } finally {
    opened?.close();
  }
}

/** The lineage line for a terminal. */
export function lineageNote(lineage: ReferenceLineage | { unavailable: string }): string {
  return referenceLineageLine(lineage, { code: (t) => printable(t), text: (t, max) => printable(t, max) });
}
