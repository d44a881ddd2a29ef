import type { VersionFacts } from "../../plan/retrain-candidate.ts";
import { isTrackerFault } from "../../tracker/tracker-fault.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import type { ModelVersion } from "../../tracker/tracker-types.ts";

/** Pages of 100 versions read at most: a registered model with more is read from its newest. */
const MAX_PAGES = 5;
/** Newer versions whose runs are read, newest first: a retrain registers one or two. */
const MAX_RUNS_READ = 20;

/**
 * The versions of a registered model newer than `current`, each with its run (experiment, start time,
 * parent run) when MLflow still has it. Faults propagate as TrackerFault: the caller tries again later.
 */
export async function newerVersions(
  tracker: Tracker,
  name: string,
  current: string,
): Promise<VersionFacts[]> {
  if (name.includes("'")) return [];
  const found: ModelVersion[] = [];
  let pageToken: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await tracker.searchModelVersions({
      filter: `name = '${name}'`,
      maxResults: 100,
      ...(pageToken ? { pageToken } : {}),
    });
    found.push(...page.items.filter((v) => v.name === name && Number(v.version) > Number(current)));
    pageToken = page.nextPageToken;
    if (!pageToken) break;
  }
  const newest = found.sort((a, b) => Number(b.version) - Number(a.version)).slice(0, MAX_RUNS_READ);
  return Promise.all(newest.map((v) => versionFacts(tracker, v)));
}

/** One version with what its run says (null when it names no run, or MLflow no longer has it). */
export async function versionFacts(tracker: Tracker, v: ModelVersion): Promise<VersionFacts> {
  const runId = v.run_id || null;
  let run: VersionFacts["run"] = null;
  if (runId) {
    try {
      const read = await tracker.getRun(runId);
      run = {
        experimentId: read.info.experiment_id,
        startTime: read.info.start_time ?? null,
        parentRunId: read.data.tags.find((t) => t.key === "mlflow.parentRunId")?.value ?? null,
      };
    } catch (error) {
      if (!isTrackerFault(error) || error.kind !== "not-found") throw error;
    }
  }
  return { version: v.version, status: v.status, runId, run };
}

/** The MLflow experiment of a Pipeline: the first of these names MLflow knows, with its id. */
export async function pipelineExperiment(
  tracker: Tracker,
  names: readonly (string | undefined)[],
): Promise<{ name: string; id: string } | null> {
  for (const name of new Set(names.filter((n): n is string => Boolean(n)))) {
    try {
      const experiment = await tracker.getExperimentByName(name);
      return { name: experiment.name, id: experiment.experiment_id };
    } catch (error) {
      if (!isTrackerFault(error) || error.kind !== "not-found") throw error;
    }
  }
  return null;
}
