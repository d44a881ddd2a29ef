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

/**
 * Monitor → PrometheusRule (monitoring.coreos.com/v1): one alert per condition some alert of the
 * monitor listens to, labelled with the channels to notify (Alertmanager routes on `slipway_notify`),
 * plus an alert when the monitor's Job itself fails (`kube_job_status_failed` from kube-state-metrics,
 * which kube-prometheus-stack installs).
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
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: objectMeta(objectName(["slipway-monitor", monitor.name]), namespace, "monitoring", source, ctx),
    spec: { groups: [{ name: `slipway-monitor-${monitor.name}`, rules }] },
  };
}
