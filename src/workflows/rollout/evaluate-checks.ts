import { isLiveMetricsFault } from "../../live-metrics/live-metrics-fault.ts";
import type { LiveMetrics } from "../../live-metrics/live-metrics-port.ts";
import type { CanaryCheck } from "../../manifests/schemas/canary.ts";
import { builtinQuery, type MetricsRuntime } from "../../rollout/builtin-checks.ts";
import type { RolloutStep } from "../../rollout/canary-steps.ts";
import { judge } from "../../rollout/check-bound.ts";
import { fillQuery, type QueryTarget } from "../../rollout/check-query.ts";
import type { CheckResult } from "../../rollout/check-result.ts";

/** One check as the step report shows it: the numbers, the canary's query as sent, the bound in words. */
export interface EvaluatedCheck {
  result: CheckResult;
  query: string;
  bound: string;
  /** Why there is no number (a fault, a placeholder without value), in a reader's words. */
  note?: string;
}

export interface EvaluationTarget {
  model: string;
  namespace: string;
  runtime: MetricsRuntime;
  version: string;
  stableVersion: string;
  step: RolloutStep;
  /** KServe Knative: the revisions serving each version, read from the InferenceService's status. */
  revisions?: { canary?: string; stable?: string };
}

/**
 * Evaluates a Model's checks at the end of a step (issue #22): each query is filled in for the canary
 * and for the stable version and asked of Prometheus as an instant query at `atSeconds`, then judged
 * against its bounds. A query Prometheus refuses or cannot answer is an `error` verdict with its words —
 * a canary nobody could measure has not passed — and never stops the other checks.
 */
export async function evaluateChecks(
  metrics: LiveMetrics,
  checks: readonly CanaryCheck[],
  target: EvaluationTarget,
  atSeconds: number,
): Promise<EvaluatedCheck[]> {
  // A few checks at a time (each asks for both versions at once): a step's verdict comes promptly
  // without a burst of queries on Prometheus. Results keep the checks' order.
  const out: EvaluatedCheck[] = new Array(checks.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < checks.length; i = next++)
      out[i] = await evaluateOne(metrics, checks[i] as CanaryCheck, target, atSeconds);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, checks.length) }, worker));
  return out;
}

/** Checks evaluated at once per Model. */
const CONCURRENCY = 4;

async function evaluateOne(
  metrics: LiveMetrics,
  check: CanaryCheck,
  target: EvaluationTarget,
  atSeconds: number,
): Promise<EvaluatedCheck> {
  const base = { model: target.model, check: check.name };
  const template = check.query ?? (check.builtin ? builtinQuery(target.runtime, check.builtin) : "");
  const failed = (query: string, note: string): EvaluatedCheck => ({
    result: { ...base, canary: null, stable: null, verdict: "error" },
    query,
    bound: judge(check, null, null).bound,
    note,
  });
  if (typeof template !== "string") return failed("", template.unavailable);
  const canary = fillQuery(template, queryTarget(target, "canary"));
  const stable = fillQuery(template, queryTarget(target, "stable"));
  if ("missing" in canary || "missing" in stable) {
    const missing = "missing" in canary ? canary.missing : (stable as { missing: string }).missing;
    return failed(template, `{{${missing}}} has no value yet for this version`);
  }
  let values: [number | null, number | null];
  try {
    values = await Promise.all([
      metrics.value(canary.query, atSeconds),
      metrics.value(stable.query, atSeconds),
    ]);
  } catch (error) {
    if (!isLiveMetricsFault(error)) throw error;
    return failed(canary.query, error.message);
  }
  const [canaryValue, stableValue] = values.map((v) => (v !== null && Number.isFinite(v) ? v : null)) as [
    number | null,
    number | null,
  ];
  const judged = judge(check, canaryValue, stableValue);
  return {
    result: { ...base, canary: canaryValue, stable: stableValue, verdict: judged.verdict },
    query: canary.query,
    bound: judged.bound,
    ...(judged.verdict === "no-data" ? { note: "no series, or no requests in the window" } : {}),
  };
}

function queryTarget(target: EvaluationTarget, track: "canary" | "stable"): QueryTarget {
  const canary = track === "canary";
  // The object serving each version: Seldon's Models and plain Deployments are `<model>-canary` beside
  // `<model>`; a KServe InferenceService serves both under its own name (tell them by {{revision}}).
  const split = target.runtime === "seldon" || target.runtime === "deployment";
  const revision = canary ? target.revisions?.canary : target.revisions?.stable;
  return {
    namespace: target.namespace,
    model: target.model,
    name: canary && split ? `${target.model}-canary` : target.model,
    version: canary ? target.version : target.stableVersion,
    track,
    ...(revision ? { revision } : {}),
    interval: target.step.interval,
  };
}
