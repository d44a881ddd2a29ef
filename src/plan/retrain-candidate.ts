/**
 * Which registered model version a retrain produced (issue #19, item 2), decided from data only: the
 * MLflow run KFP's MLflow plugin reported (the version registered from it, or from one of its nested
 * task runs), else — when the install reports none — the newest READY version whose run is in the
 * Pipeline's MLflow experiment and started after the KFP run. Only a version newer than the one git
 * declares is a candidate.
 */

/** A registered version and what its run says. */
export interface VersionFacts {
  readonly version: string;
  readonly status: string;
  readonly runId: string | null;
  /** The version's run, when it could be read. */
  readonly run: {
    readonly experimentId: string;
    readonly startTime: number | null;
    /** `mlflow.parentRunId`: KFP's plugin nests one run per task under its parent run. */
    readonly parentRunId: string | null;
  } | null;
}

export interface CandidateQuery {
  /** The parent run KFP's MLflow plugin created for the KFP run, when it reported one. */
  readonly pluginRunId: string | null;
  /** The Pipeline's MLflow experiment id, when it exists. */
  readonly experimentId: string | null;
  /** When the KFP run was created (ms since the epoch); null: unknown, so the time is not judged. */
  readonly startedAtMs: number | null;
  /** The version the Model declares in git (the default branch). */
  readonly currentVersion: string;
}

export type CandidateChoice =
  | { readonly version: VersionFacts; readonly how: "plugin" | "experiment" }
  | { readonly none: string };

const newer = (a: string, b: string) => Number(a) > Number(b);
/** KFP and MLflow keep their own clocks: a run started this much "before" the KFP run still counts. */
export const CLOCK_SKEW_MS = 5_000;

/** The version this run produced, or why there is none, in a reader's words. */
export function candidateVersion(versions: readonly VersionFacts[], query: CandidateQuery): CandidateChoice {
  const ready = versions.filter((v) => v.status === "READY");
  const pick = (list: readonly VersionFacts[], how: "plugin" | "experiment") => {
    const newest = [...list].sort((a, b) => Number(b.version) - Number(a.version))[0];
    return newest ? { version: newest, how } : null;
  };
  // The plugin's report is authoritative: with it, only versions of its run (or its task runs) count.
  const found = query.pluginRunId
    ? pick(
        ready.filter((v) => v.runId === query.pluginRunId || v.run?.parentRunId === query.pluginRunId),
        "plugin",
      )
    : pick(
        ready.filter((v) => belongsToRun(v, query)),
        "experiment",
      );
  if (!found) {
    const mine = (v: VersionFacts) =>
      query.pluginRunId
        ? v.runId === query.pluginRunId || v.run?.parentRunId === query.pluginRunId
        : belongsToRun(v, query);
    if (versions.some((v) => v.status === "PENDING_REGISTRATION" && mine(v)))
      return { none: "its version is still being registered (PENDING_REGISTRATION)" };
    return {
      none: query.pluginRunId
        ? `no READY version was registered from the MLflow run \`${query.pluginRunId}\` KFP's MLflow plugin reported, or from its task runs`
        : "no READY version was registered from a run of the Pipeline's MLflow experiment started after the KFP run",
    };
  }
  if (!newer(found.version.version, query.currentVersion))
    return {
      none: `the newest version it registered, ${found.version.version}, is not newer than version ${query.currentVersion} that git declares`,
    };
  return found;
}

/** A version whose run is in the Pipeline's experiment and started after the KFP run. */
export function belongsToRun(
  version: VersionFacts,
  query: Pick<CandidateQuery, "experimentId" | "startedAtMs">,
): boolean {
  const run = version.run;
  if (!run || query.experimentId === null || run.experimentId !== query.experimentId) return false;
  if (query.startedAtMs === null) return true;
  return run.startTime !== null && run.startTime >= query.startedAtMs - CLOCK_SKEW_MS;
}
