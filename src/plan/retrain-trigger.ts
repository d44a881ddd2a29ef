import { DEFAULT_TRIGGER_COOLDOWN, TRIGGER_CONDITIONS } from "../manifests/schemas/pipeline.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import { durationSeconds } from "../render/duration.ts";

/** What the trigger reads of a monitor run record (`latest.json`). */
export interface MonitorRunFacts {
  readonly monitor: string;
  readonly environment: string;
  readonly runAt: string;
  readonly status: {
    readonly drift: boolean;
    readonly qualityFailed: boolean;
    readonly classificationFailed: boolean;
  };
  /** Tested columns, most drifted first. */
  readonly columns: readonly { readonly name: string; readonly drift: boolean }[];
  readonly report: string | null;
  /** The run's classification tests (absent without them). */
  readonly classification?: readonly {
    readonly metric: string;
    readonly reference: number | null;
    readonly current: number | null;
    readonly verdict: string;
    readonly bound: string;
  }[];
  /** Its schema and data-quality problems, worst first. */
  readonly qualityProblems?: readonly { readonly severity: string; readonly message: string }[];
}

/** A classification metric that failed its test, as the candidate pull request names it. */
export interface FailedMetric {
  readonly metric: string;
  readonly reference: number | null;
  readonly current: number | null;
  readonly bound: string;
}

/** What the trigger reads of the runs a repository started (its Kubeflow Pipelines records). */
export interface StartedRunFacts {
  readonly key: string;
  readonly pipeline: string;
  readonly requestedAt: string;
  readonly done: boolean;
  /** Null while its start is in flight, and for good when it never started. */
  readonly runId: string | null;
  /** Set when a monitor run started it. */
  readonly trigger?: { readonly runAt: string };
}

export type TriggerCondition = (typeof TRIGGER_CONDITIONS)[number];

/** Why the run was started, as the candidate pull request will say it. */
export interface TriggerReason {
  readonly monitor: string;
  readonly environment: string;
  readonly runAt: string;
  readonly conditions: TriggerCondition[];
  readonly columns: string[];
  readonly report: string | null;
  /** Classification metrics that failed their tests, when the trigger starts on classification. */
  readonly metrics: FailedMetric[];
  /** Data-quality errors, when the trigger starts on failed quality. */
  readonly problems: string[];
}

export type TriggerDecision =
  | {
      readonly pipeline: string;
      readonly action: "start";
      readonly key: string;
      readonly reason: TriggerReason;
    }
  /** This monitor run started it already (a record read again after a restart): nothing to do. */
  | { readonly pipeline: string; readonly action: "started"; readonly key: string }
  | {
      readonly pipeline: string;
      readonly action: "skip";
      readonly why: "cooldown" | "running";
      /** The run that caused the skip: the one whose cooldown is running, or the one still running. */
      readonly blocking: string;
      /** Cooldown: when the next triggered run may start (ISO 8601). */
      readonly until: string | null;
      readonly reason: TriggerReason;
    };

const MAX_COLUMNS = 10;
const MAX_METRICS = 10;
const MAX_PROBLEMS = 5;
const MAX_PROBLEM_CHARS = 600;

/** The dedupe key of a triggered run: one per monitor run and pipeline, whichever replica reads it. */
export function triggerKey(environment: string, monitor: string, runAt: string, pipeline: string): string {
  return `drift:${environment}/${monitor}@${runAt}:${pipeline}`;
}

/**
 * Which Pipelines one monitor run starts (issue #19, item 1), decided from data only: every Pipeline of
 * the default branch with an `on: drift` trigger on this monitor, when the run is from an environment
 * the trigger counts (the production ones by default) and found a condition it listens to (any by
 * default). A run starts at most once per monitor run (its key), never while another run of the same
 * Pipeline is still running, and at most once per cooldown — measured from the last triggered start to
 * this monitor run's time, so a record read again after a restart decides the same way (a start given
 * up on counts for neither). A record no newer than the one that last started the Pipeline decides
 * nothing.
 */
export function retrainDecisions(
  snapshot: PlatformSnapshot,
  run: MonitorRunFacts,
  started: readonly StartedRunFacts[],
): TriggerDecision[] {
  const production = (snapshot.config?.value.environments ?? [])
    .filter((e) => e.production)
    .map((e) => e.name);
  const decisions: TriggerDecision[] = [];
  for (const pipeline of [...snapshot.manifests.Pipeline.values()].sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const trigger = (pipeline.value.spec.triggers ?? []).find(
      (t) => t.on === "drift" && t.monitor === run.monitor,
    );
    if (!trigger || !pipeline.value.spec.model) continue;
    if (!(trigger.environments ?? production).includes(run.environment)) continue;
    const listened = new Set<TriggerCondition>(trigger.conditions ?? TRIGGER_CONDITIONS);
    const holds: Record<TriggerCondition, boolean> = {
      drift: run.status.drift,
      quality: run.status.qualityFailed,
      classification: run.status.classificationFailed,
    };
    const conditions = TRIGGER_CONDITIONS.filter((c) => listened.has(c) && holds[c]);
    if (conditions.length === 0) continue;
    const name = pipeline.name;
    const key = triggerKey(run.environment, run.monitor, run.runAt, name);
    const mine = started.filter((s) => s.pipeline === name);
    if (mine.some((s) => s.key === key)) {
      decisions.push({ pipeline: name, action: "started", key });
      continue;
    }
    const reason: TriggerReason = {
      monitor: run.monitor,
      environment: run.environment,
      runAt: run.runAt,
      conditions,
      columns: run.columns
        .filter((c) => c.drift)
        .slice(0, MAX_COLUMNS)
        .map((c) => c.name),
      report: run.report,
      metrics: conditions.includes("classification")
        ? (run.classification ?? [])
            .filter((m) => m.verdict === "fail")
            .slice(0, MAX_METRICS)
            .map(({ metric, reference, current, bound }) => ({ metric, reference, current, bound }))
        : [],
      problems: conditions.includes("quality")
        ? (run.qualityProblems ?? [])
            .filter((p) => p.severity === "error")
            .slice(0, MAX_PROBLEMS)
            .map((p) => p.message.slice(0, MAX_PROBLEM_CHARS))
        : [],
    };
    // A start that never reached Kubeflow Pipelines (given up on) retrained nothing: it holds no cooldown.
    const triggered = mine
      .filter((s) => s.trigger && !(s.done && s.runId === null))
      .sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt));
    const last = triggered.at(-1);
    const at = Date.parse(run.runAt);
    if (last?.trigger && at <= Date.parse(last.trigger.runAt)) continue;
    const running = mine.find((s) => !s.done);
    if (running) {
      decisions.push({
        pipeline: name,
        action: "skip",
        why: "running",
        blocking: running.key,
        until: null,
        reason,
      });
      continue;
    }
    const cooldownMs = durationSeconds(trigger.cooldown ?? DEFAULT_TRIGGER_COOLDOWN) * 1000;
    if (last && at < Date.parse(last.requestedAt) + cooldownMs) {
      const until = new Date(Date.parse(last.requestedAt) + cooldownMs).toISOString();
      decisions.push({ pipeline: name, action: "skip", why: "cooldown", blocking: last.key, until, reason });
      continue;
    }
    decisions.push({ pipeline: name, action: "start", key, reason });
  }
  return decisions;
}
