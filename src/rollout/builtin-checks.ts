import type { BuiltinCheck } from "../manifests/schemas/canary.ts";

/** Where a Model is served, as far as its standard request metrics go. */
export type MetricsRuntime = "kserve-knative" | "kserve-standard" | "seldon" | "deployment";

/**
 * The queries behind the checks that need none, per runtime (docs/operations.md, "Canary analysis").
 * KServe in Knative mode: the queue-proxy's request metrics of each revision (`revision_app_request_count`
 * with `response_code_class`, and the `revision_app_request_latencies` histogram, in milliseconds).
 * Seldon Core 2: the agent's per-model counters (`seldon_model_infer_total` by `code`, and
 * `seldon_model_infer_seconds_total`); its latency histogram `seldon_model_infer_api_seconds` carries only
 * server labels, so no per-model percentile exists there. KServe's Standard mode and plain Deployments
 * have no request metrics common to every model server: their checks need a query.
 */
const QUERIES: Record<MetricsRuntime, Partial<Record<BuiltinCheck, string>>> = {
  "kserve-knative": {
    successRate:
      'sum(rate(revision_app_request_count{namespace_name="{{namespace}}",revision_name="{{revision}}",response_code_class="2xx"}[{{interval}}])) / sum(rate(revision_app_request_count{namespace_name="{{namespace}}",revision_name="{{revision}}"}[{{interval}}]))',
    latencyP95:
      'histogram_quantile(0.95, sum by (le) (rate(revision_app_request_latencies_bucket{namespace_name="{{namespace}}",revision_name="{{revision}}"}[{{interval}}]))) / 1000',
    latencyMean:
      'sum(rate(revision_app_request_latencies_sum{namespace_name="{{namespace}}",revision_name="{{revision}}"}[{{interval}}])) / sum(rate(revision_app_request_latencies_count{namespace_name="{{namespace}}",revision_name="{{revision}}"}[{{interval}}])) / 1000',
  },
  seldon: {
    successRate:
      'sum(rate(seldon_model_infer_total{namespace="{{namespace}}",model="{{name}}",code=~"2..|OK"}[{{interval}}])) / sum(rate(seldon_model_infer_total{namespace="{{namespace}}",model="{{name}}"}[{{interval}}]))',
    latencyMean:
      'sum(rate(seldon_model_infer_seconds_total{namespace="{{namespace}}",model="{{name}}"}[{{interval}}])) / sum(rate(seldon_model_infer_total{namespace="{{namespace}}",model="{{name}}"}[{{interval}}]))',
  },
  "kserve-standard": {},
  deployment: {},
};

/** Why a runtime has no such check, in a reader's words. */
const MISSING: Record<MetricsRuntime, string> = {
  "kserve-knative": "",
  seldon:
    "Seldon Core 2's latency histogram (seldon_model_infer_api_seconds) has no model label, so no per-model percentile exists; use latencyMean or a query",
  "kserve-standard":
    "KServe's Standard mode has no request metrics common to every model server (they come from each runtime); write a `query` on your runtime's metrics",
  deployment: "a plain Deployment serves its own image, whose metrics Slipway cannot know; write a `query`",
};

export function builtinQuery(runtime: MetricsRuntime, check: BuiltinCheck): string | { unavailable: string } {
  return QUERIES[runtime][check] ?? { unavailable: MISSING[runtime] };
}

/** How a built-in's value reads: a share of requests, or seconds. */
export function builtinUnit(check: BuiltinCheck): "ratio" | "seconds" {
  return check === "successRate" ? "ratio" : "seconds";
}

/** A Model's runtime in one environment: KServe's mode comes from the environment's binding (default Standard). */
export function metricsRuntime(
  runtime: "kserve" | "seldon" | "deployment",
  deploymentMode: "Knative" | "Standard" | "RawDeployment" | undefined,
): MetricsRuntime {
  if (runtime === "seldon" || runtime === "deployment") return runtime;
  return deploymentMode === "Knative" ? "kserve-knative" : "kserve-standard";
}
