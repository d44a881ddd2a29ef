import { longestCronGapSeconds } from "../manifests/cron-gap.ts";
import type { Manifest } from "../manifests/snapshot.ts";
import type { KubeObject } from "./kube-object.ts";
import { type ObjectSource, objectMeta } from "./labels.ts";
import { objectName } from "./names.ts";
import type { RenderContext } from "./render-context.ts";

type Monitor = Manifest<"Monitor">;
type Condition = "drift" | "quality" | "classification";

/**
 * Gauges a monitor run publishes (1 when the condition holds at the last run, else 0), labelled with
 * `repository`, `environment` and `monitor`. The rules below are the only consumers, so the names are Slipway's to set.
 */
export const MONITOR_METRICS: Record<Condition, string> = {
  drift: "slipway_monitor_dataset_drift",
  quality: "slipway_monitor_quality_failed",
  classification: "slipway_monitor_classification_failed",
};

/** The run time of a monitor's last run the server read (`src/metrics/metric-names.ts`). */
const LAST_RUN_METRIC = "slipway_monitor_last_run_timestamp_seconds";

const ALERT_NAMES: Record<Condition, string> = {
  drift: "SlipwayDatasetDrift",
  quality: "SlipwayDataQualityFailed",
  classification: "SlipwayClassificationQualityFailed",
};

const SUMMARIES: Record<Condition, string> = {
  drift: "dataset drift detected",
  quality: "data quality checks failed",
  classification: "classification quality below its thresholds",
};

/** Time past a missed run before the monitor counts as stale: the Job's own run and the server's poll. */
export const STALE_GRACE_SECONDS = 2 * 3600;

/** `7d2h`, `26h`, `1h30m`: a duration as Prometheus writes it. */
function duration(seconds: number): string {
  const parts = [
    [Math.floor(seconds / 86_400), "d"],
    [Math.floor((seconds % 86_400) / 3600), "h"],
    [Math.round((seconds % 3600) / 60), "m"],
  ] as const;
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, unit]) => `${n}${unit}`)
      .join("") || "0m"
  );
}

/**
 * Monitor → PrometheusRule (monitoring.coreos.com/v1): one alert per condition some alert of the
 * monitor listens to, labelled with the channels to notify (Alertmanager routes on `slipway_notify`),
 * plus an alert when the monitor's Job itself fails (`kube_job_status_failed` from kube-state-metrics,
 * which kube-prometheus-stack installs), and when its last run is older than the schedule's longest gap
 * plus STALE_GRACE_SECONDS (the CronJob suspended, deleted or never started, or reports not reaching
 * the server).
 */
export function renderPrometheusRule(
  monitor: Monitor,
  namespace: string,
  source: ObjectSource,
  ctx: RenderContext,
): KubeObject {
  const spec = monitor.value.spec;
  const channels = new Map<Condition, Set<string>>();
  for (const alert of spec.alerts ?? []) {
    for (const on of alert.on) {
      const set = channels.get(on) ?? new Set<string>();
      set.add(alert.type);
      channels.set(on, set);
    }
  }
  const selector = `monitor="${monitor.name}", environment="${ctx.environment}"`;
  const labels = (severity: string) => ({
    severity,
    monitor: monitor.name,
    model: spec.model,
    environment: ctx.environment,
  });
  const rules: Record<string, unknown>[] = [];
  for (const condition of ["drift", "quality", "classification"] as const) {
    const notify = channels.get(condition);
    if (!notify) continue;
    rules.push({
      alert: ALERT_NAMES[condition],
      // Per repository: two repositories may have a monitor of the same name in an environment of the
      // same name, and each alert says which one fired.
      expr: `max by (repository) (${MONITOR_METRICS[condition]}{${selector}}) > 0`,
      labels: { ...labels("warning"), slipway_notify: [...notify].sort().join(",") },
      annotations: {
        summary: `${monitor.name}: ${SUMMARIES[condition]} for model ${spec.model} in ${ctx.environment}`,
      },
    });
  }
  const jobPrefix = objectName(["slipway-monitor", monitor.name], 52);
  rules.push({
    alert: "SlipwayMonitorJobFailed",
    expr: `max(kube_job_status_failed{namespace="${namespace}", job_name=~"${jobPrefix}-[0-9]+"}) > 0`,
    labels: labels("warning"),
    annotations: { summary: `${monitor.name}: the monitor's last run failed in ${ctx.environment}` },
  });
  const gap = longestCronGapSeconds(spec.schedule);
  if (gap !== null) {
    const stale = gap + STALE_GRACE_SECONDS;
    rules.push({
      alert: "SlipwayMonitorStale",
      expr: `time() - max by (repository) (${LAST_RUN_METRIC}{${selector}}) > ${stale}`,
      for: "15m",
      labels: labels("warning"),
      annotations: {
        summary: `${monitor.name}: no run for more than ${duration(stale)} in ${ctx.environment} (schedule \`${spec.schedule}\`)`,
      },
    });
  }
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: objectMeta(objectName(["slipway-monitor", monitor.name]), namespace, "monitoring", source, ctx),
    spec: { groups: [{ name: `slipway-monitor-${monitor.name}`, rules }] },
  };
}
