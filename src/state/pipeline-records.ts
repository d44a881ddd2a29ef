import { count, FieldProblem, flag, instant, list, name, nameOrNull, object, oneOf } from "./field-reader.ts";
import {
  type CandidateRecord,
  type RunFollowUp,
  type RunTrigger,
  readCandidates,
  readFollowUp,
  readSkipsSaid,
  readTrigger,
} from "./loop-records.ts";

/**
 * What Slipway created in Kubeflow Pipelines for one repository (issue #18), written ahead like the
 * cluster inventory: an operation is recorded as `pending` before it is sent and cleared after, so a
 * crash leaves a record that says what may exist in KFP (found again by its stable name), and nothing
 * Slipway created is ever orphaned. Plain data, kept beside the environment state.
 */

/** The recurring run's settings as Slipway last applied them: the basis of change and drift. */
export interface AppliedRecurringRun {
  experiment: string;
  experimentId: string;
  /** What the package is: the version name uploaded (`v3`, `sha256-…`) or `pipeline/version` in KFP. */
  packageKey: string;
  pipelineId: string;
  versionId: string;
  parameters: Record<string, unknown>;
  /** As sent to KFP (six fields, seconds first). */
  cron: string;
  serviceAccount: string | null;
  mlflowExperiment: string | null;
}

export type PendingOp = "create" | "replace" | "disable" | "enable";

export interface RecurringRecord {
  pipeline: string;
  integration: string;
  /** The display name in KFP: stable for (repository, pipeline), so a lost answer is found again. */
  stableName: string;
  recurringRunId: string | null;
  applied: AppliedRecurringRun | null;
  /** `disabled`: the manifest left git; the recurring run is kept disabled (reversible by git). */
  status: "active" | "disabled";
  /** Write-ahead: an operation started at `commit` and not yet known to be done. */
  pending: { op: PendingOp; commit: string; since: string; replacing: string | null } | null;
}

/** A run started on request (`/slipway retrain`) or by Slipway itself, found again by its key. */
export interface TrackedRun {
  /** Stable per request (`retrain:<comment id>`): the same request never starts a second run. */
  key: string;
  pipeline: string;
  integration: string;
  /** The KFP experiment it runs in (display name). */
  experiment: string;
  /** Null while the create is in flight (written ahead). */
  runId: string | null;
  requestedBy: string;
  requestedAt: string;
  /** The last state reported, or CREATING. */
  state: string;
  /** Where its progress is told: an issue or pull request and the comment Slipway keeps there. */
  comment: { issue: number; id: number | null } | null;
  /** The `name=value` overrides the request gave. */
  overrides: string[];
  done: boolean;
  /** Set when a Monitor's run started it (issue #19). */
  trigger?: RunTrigger;
  /** What the drift-to-candidate loop did once it ended (issue #19). */
  followUp?: RunFollowUp;
  /** Monitor issues told that a drift trigger was skipped because of this run (said once each). */
  skipsSaid?: string[];
  /** A triggered start that failed: when it was last tried again (issue #19). */
  retriedAt?: string;
}

export interface PipelineRecords {
  /** The last commit of the default branch whose Pipelines were synced. */
  syncedCommit: string | null;
  recurring: Record<string, RecurringRecord>;
  /** Newest last; finished ones beyond KEEP_DONE_RUNS are dropped. */
  runs: TrackedRun[];
  /** Versions proposed in candidate pull requests (issue #19), newest last. */
  candidates?: CandidateRecord[];
}

export const KEEP_DONE_RUNS = 50;
export const MAX_OPEN_RUNS = 200;
export const MAX_RECURRING = 500;

export const emptyRecords = (): PipelineRecords => ({ syncedCommit: null, recurring: {}, runs: [] });

/** Drops finished runs beyond the ones kept, oldest first. */
export function trimRuns(runs: readonly TrackedRun[]): TrackedRun[] {
  const done = runs.filter((r) => r.done).length;
  let drop = Math.max(0, done - KEEP_DONE_RUNS);
  return runs.filter((r) => !(r.done && drop-- > 0));
}

const PENDING: readonly PendingOp[] = ["create", "replace", "disable", "enable"];

function jsonObject(value: unknown, path: string): Record<string, unknown> {
  return object(value, path);
}

function readApplied(value: unknown, path: string): AppliedRecurringRun | null {
  if (value === null) return null;
  const o = object(value, path);
  return {
    experiment: name(o.experiment, `${path}.experiment`, 500),
    experimentId: name(o.experimentId, `${path}.experimentId`),
    packageKey: name(o.packageKey, `${path}.packageKey`, 512),
    pipelineId: name(o.pipelineId, `${path}.pipelineId`),
    versionId: name(o.versionId, `${path}.versionId`),
    parameters: jsonObject(o.parameters, `${path}.parameters`),
    cron: name(o.cron, `${path}.cron`, 200),
    serviceAccount: nameOrNull(o.serviceAccount, `${path}.serviceAccount`),
    mlflowExperiment:
      o.mlflowExperiment === null ? null : name(o.mlflowExperiment, `${path}.mlflowExperiment`, 500),
  };
}

function readRecurring(value: unknown, path: string): RecurringRecord {
  const o = object(value, path);
  const pending =
    o.pending === null
      ? null
      : (() => {
          const p = object(o.pending, `${path}.pending`);
          return {
            op: oneOf(p.op, `${path}.pending.op`, PENDING),
            commit: name(p.commit, `${path}.pending.commit`),
            since: instant(p.since, `${path}.pending.since`),
            replacing: nameOrNull(p.replacing, `${path}.pending.replacing`),
          };
        })();
  return {
    pipeline: name(o.pipeline, `${path}.pipeline`),
    integration: name(o.integration, `${path}.integration`),
    stableName: name(o.stableName, `${path}.stableName`),
    recurringRunId: nameOrNull(o.recurringRunId, `${path}.recurringRunId`),
    applied: readApplied(o.applied, `${path}.applied`),
    status: oneOf(o.status, `${path}.status`, ["active", "disabled"] as const),
    pending,
  };
}

function readRun(value: unknown, path: string): TrackedRun {
  const o = object(value, path);
  const comment =
    o.comment === null
      ? null
      : (() => {
          const c = object(o.comment, `${path}.comment`);
          return {
            issue: count(c.issue, `${path}.comment.issue`, 1),
            id: c.id === null ? null : count(c.id, `${path}.comment.id`, 1),
          };
        })();
  return {
    key: name(o.key, `${path}.key`),
    pipeline: name(o.pipeline, `${path}.pipeline`),
    integration: name(o.integration, `${path}.integration`),
    experiment: name(o.experiment, `${path}.experiment`, 500),
    runId: nameOrNull(o.runId, `${path}.runId`),
    requestedBy: name(o.requestedBy, `${path}.requestedBy`),
    requestedAt: instant(o.requestedAt, `${path}.requestedAt`),
    state: name(o.state, `${path}.state`, 40),
    comment,
    overrides: (o.overrides === undefined ? [] : list(o.overrides, `${path}.overrides`, 40)).map((v, i) =>
      name(v, `${path}.overrides[${i}]`, 2000),
    ),
    done: flag(o.done, `${path}.done`),
    ...optional("trigger", readTrigger(o.trigger, `${path}.trigger`)),
    ...optional("followUp", readFollowUp(o.followUp, `${path}.followUp`)),
    ...optional("skipsSaid", readSkipsSaid(o.skipsSaid, `${path}.skipsSaid`)),
    ...optional(
      "retriedAt",
      o.retriedAt === undefined ? undefined : instant(o.retriedAt, `${path}.retriedAt`),
    ),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The records as stored, every field checked; a FieldProblem names the first that is not. */
export function readRecords(value: unknown): PipelineRecords {
  const o = object(value, "records");
  const recurring = object(o.recurring, "recurring");
  const entries = Object.entries(recurring);
  if (entries.length > MAX_RECURRING) throw new FieldProblem(`recurring: more than ${MAX_RECURRING} entries`);
  return {
    syncedCommit: nameOrNull(o.syncedCommit, "syncedCommit"),
    recurring: Object.fromEntries(entries.map(([k, v]) => [k, readRecurring(v, `recurring.${k}`)])),
    runs: list(o.runs, "runs", MAX_OPEN_RUNS + KEEP_DONE_RUNS).map((r, i) => readRun(r, `runs[${i}]`)),
    ...optional("candidates", readCandidates(o.candidates)),
  };
}

/**
 * The durable records of one repository. `update` is a compare-and-set: `change` may run more than once
 * (on a concurrent write), so it only edits the records it is given and returns what the caller needs.
 */
export interface PipelineRecordStore {
  read(): Promise<PipelineRecords>;
  update<T>(change: (records: PipelineRecords) => T): Promise<T>;
}
