import type { ResolvedVersion } from "../../experiments/integrity.ts";
import { isTrackerFault } from "../../tracker/tracker-fault.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import type { LoggedModel, Metric, ModelVersion } from "../../tracker/tracker-types.ts";

export interface ResolvedVersionRead {
  resolved: ResolvedVersion;
  raw: ModelVersion;
  /** MLflow 3: the logged model the version registers, when it could be read. */
  logged: LoggedModel | null;
}

/**
 * A registry version → its run and servable artifact URI. MLflow 3 versions register a logged model:
 * its source run and artifact URI count when the version names no run. Returns null when the version
 * does not exist; other faults propagate (the caller reports evidence as unavailable).
 */
export async function resolveVersion(
  tracker: Tracker,
  name: string,
  version: string,
): Promise<ResolvedVersionRead | null> {
  const raw = await orNull(tracker.getModelVersion(name, version));
  if (!raw) return null;
  const logged = raw.model_id ? await orNull(tracker.getLoggedModel(raw.model_id)) : null;
  const download = raw.status === "READY" ? await orNull(tracker.getDownloadUri(name, version)) : null;
  return {
    raw,
    logged,
    resolved: {
      model: name,
      version,
      status: raw.status,
      statusMessage: raw.status_message || null,
      runId: raw.run_id || logged?.source_run_id || null,
      loggedModel: raw.model_id ? { id: raw.model_id, status: logged?.status ?? "not found" } : null,
      artifactUri: download || logged?.artifact_uri || null,
    },
  };
}

/**
 * The metrics MLflow 3 recorded for the version's model with their datasets: the version's own
 * `model_metrics` when the server sends them, the logged model's metrics otherwise.
 */
export function modelMetricsOf(read: ResolvedVersionRead): readonly Metric[] {
  const own = read.raw.model_metrics ?? [];
  return own.length > 0 ? own : (read.logged?.metrics ?? []);
}

/** A not-found answer as null; every other fault is rethrown. */
export async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (isTrackerFault(error) && error.kind === "not-found") return null;
    throw error;
  }
}
