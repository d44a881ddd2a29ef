import { referenceLineage } from "../../experiments/reference-lineage.ts";
import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import { trackerFaultWords } from "../evidence/tracker-fault-words.ts";
import type { ReviewPorts } from "../review-ports.ts";
import { productionTraining } from "./production-training.ts";
import type { MonitorRun } from "./run-monitor.ts";

// For each Monitor run whose reference is versioned data (a Delta table version, a DVC md5), whether
// it is the version the production model was trained on (issue #23). Production is the Model as the
// default branch declares it (the last deploy's version when deploys are recorded); its training run
// is read from MLflow once per model. A tracker that cannot answer is said on the run, never fatal.

export async function withReferenceLineage(
  runs: readonly MonitorRun[],
  ports: ReviewPorts,
  base: PlatformSnapshot | null,
  tracking: string | null,
): Promise<MonitorRun[]> {
  const versioned = runs.filter((r) => r.kind === "report" && r.report.reference.version !== undefined);
  if (versioned.length === 0 || base === null) return [...runs];
  const connection = await ports.connectTracker(tracking);
  const trainings = new Map<string, ReturnType<typeof productionTraining> | null>();
  const out: MonitorRun[] = [];
  for (const run of runs) {
    const reference = run.kind === "report" ? run.report.reference.version : undefined;
    const model = base.manifests.Model.get(run.monitor.value.spec.model);
    if (run.kind !== "report" || reference === undefined || !model) {
      out.push(run);
      continue;
    }
    if ("unavailable" in connection) {
      out.push({ ...run, lineage: { unavailable: connection.unavailable } });
      continue;
    }
    let training = trainings.get(model.name);
    if (training === undefined) {
      const deployed = ports.deployedVersion
        ? await ports.deployedVersion(model.name).catch(() => null)
        : null;
      training = productionTraining(connection.tracker, model, deployed);
      trainings.set(model.name, training);
    }
    try {
      const found = await training;
      const lineage = found ? referenceLineage(reference, found.trained, found.production) : null;
      out.push(lineage ? { ...run, lineage } : run);
    } catch (error) {
      const words = trackerFaultWords(error)
        .replace(/^evidence unavailable: /, "")
        .replace(/; retry with .*$/, "");
      out.push({ ...run, lineage: { unavailable: words } });
    }
  }
  return out;
}
