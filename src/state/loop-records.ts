import {
  count,
  instant,
  list,
  name,
  nameOrNull,
  noteOrNull,
  numberOrNull,
  object,
  oneOf,
} from "./field-reader.ts";

/**
 * What the drift-to-candidate loop (issue #19) keeps beside a repository's Kubeflow Pipelines records:
 * why a run was started by a monitor (what its candidate pull request says), what became of the run,
 * and which versions were proposed already, so a version is proposed once whoever notices it first
 * (the poll or MLflow's webhook), and a pull request a person closed is never opened again.
 */

/** Set on a run a Monitor's run started. */
export interface RunTrigger {
  monitor: string;
  environment: string;
  /** The monitor run's time (its record's `runAt`). */
  runAt: string;
  /** What the monitor run found that the trigger listens to: drift, quality, classification. */
  conditions: string[];
  /** Drifted columns, most drifted first (at most MAX_TRIGGER_COLUMNS). */
  columns: string[];
  /** The run's HTML report location. */
  report: string | null;
  /** Classification metrics that failed their tests (a `classification` trigger); absent in older records. */
  metrics?: TriggerMetric[];
  /** Data-quality errors, worst first (a `quality` trigger); absent in older records. */
  problems?: string[];
  /** The monitor's issue, where the run's link and its outcome are said. */
  issue: number | null;
}

/** A classification metric that failed its test in the monitor run, as its record says it. */
export interface TriggerMetric {
  metric: string;
  reference: number | null;
  current: number | null;
  /** The bound it crossed, in the record's words (e.g. `≥ 0.75`). */
  bound: string;
}

export type FollowUpState = "proposed" | "reported" | "no-version";

/** What the loop did once the run ended: proposed a version, reported a failure, or found no version. */
export interface RunFollowUp {
  state: FollowUpState;
  version: string | null;
  pull: number | null;
  at: string;
  note: string | null;
}

/** One version proposed for a model: written ahead (pull null) before the pull request is opened. */
export interface CandidateRecord {
  model: string;
  version: string;
  /** The branch holding it (a newer version is committed to the open pull request's branch). */
  branch: string;
  pull: number | null;
  at: string;
  /** Set once its pull request was merged or closed, and that was said on the monitor issues. */
  ended?: "merged" | "closed";
}

export const MAX_TRIGGER_COLUMNS = 10;
export const MAX_TRIGGER_METRICS = 10;
export const MAX_TRIGGER_PROBLEMS = 5;
export const KEEP_CANDIDATES = 100;

export function readTrigger(value: unknown, path: string): RunTrigger | undefined {
  if (value === undefined) return undefined;
  const o = object(value, path);
  const names = (v: unknown, p: string, max: number, each = 256) =>
    list(v, p, max).map((x, i) => name(x, `${p}[${i}]`, each));
  return {
    monitor: name(o.monitor, `${path}.monitor`, 63),
    environment: name(o.environment, `${path}.environment`, 63),
    runAt: instant(o.runAt, `${path}.runAt`),
    conditions: names(o.conditions, `${path}.conditions`, 3, 20),
    columns: names(o.columns, `${path}.columns`, MAX_TRIGGER_COLUMNS),
    report: noteOrNull(o.report, `${path}.report`),
    ...(o.metrics === undefined
      ? {}
      : {
          metrics: list(o.metrics, `${path}.metrics`, MAX_TRIGGER_METRICS).map((v, i) =>
            readMetric(v, `${path}.metrics[${i}]`),
          ),
        }),
    ...(o.problems === undefined
      ? {}
      : {
          problems: list(o.problems, `${path}.problems`, MAX_TRIGGER_PROBLEMS).map((v, i) =>
            name(v, `${path}.problems[${i}]`, 600),
          ),
        }),
    issue: o.issue === null ? null : count(o.issue, `${path}.issue`, 1),
  };
}

function readMetric(value: unknown, path: string): TriggerMetric {
  const o = object(value, path);
  return {
    metric: name(o.metric, `${path}.metric`, 32),
    reference: numberOrNull(o.reference, `${path}.reference`),
    current: numberOrNull(o.current, `${path}.current`),
    bound: name(o.bound, `${path}.bound`, 300),
  };
}

/** Monitor issues told that a trigger was skipped because of a run (its cooldown, or it still ran): said once. */
export function readSkipsSaid(value: unknown, path: string): string[] | undefined {
  if (value === undefined) return undefined;
  return list(value, path, 50).map((x, i) => name(x, `${path}[${i}]`, 200));
}

export function readFollowUp(value: unknown, path: string): RunFollowUp | undefined {
  if (value === undefined) return undefined;
  const o = object(value, path);
  return {
    state: oneOf(o.state, `${path}.state`, ["proposed", "reported", "no-version"] as const),
    version: nameOrNull(o.version, `${path}.version`),
    pull: o.pull === null ? null : count(o.pull, `${path}.pull`, 1),
    at: instant(o.at, `${path}.at`),
    note: noteOrNull(o.note, `${path}.note`),
  };
}

export function readCandidates(value: unknown): CandidateRecord[] | undefined {
  if (value === undefined) return undefined;
  const items = list(value, "candidates", KEEP_CANDIDATES);
  return items.map((v, i) => {
    const path = `candidates[${i}]`;
    const o = object(v, path);
    return {
      model: name(o.model, `${path}.model`),
      version: name(o.version, `${path}.version`, 20),
      branch: name(o.branch, `${path}.branch`),
      pull: o.pull === null ? null : count(o.pull, `${path}.pull`, 1),
      at: instant(o.at, `${path}.at`),
      ...(o.ended === undefined
        ? {}
        : { ended: oneOf(o.ended, `${path}.ended`, ["merged", "closed"] as const) }),
    };
  });
}

/** The newest candidates kept; older ones matter no more (their versions are long behind). */
export function trimCandidates(candidates: readonly CandidateRecord[]): CandidateRecord[] {
  return candidates.slice(-KEEP_CANDIDATES);
}
